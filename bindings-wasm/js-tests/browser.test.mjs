// The web build in headless Chromium: a static page imports it, calls
// `await init()`, fetches the fixture and reports through `window.__result`.
// Needs Chromium (CHROMIUM, or /usr/bin/chromium); SKIP_BROWSER=1 skips it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath } from './helpers.mjs';

const skip = process.env.SKIP_BROWSER === '1' ? 'SKIP_BROWSER=1' : false;
const webDir = new URL('../pkg/web/', import.meta.url);

const page = `<!doctype html>
<meta charset="utf-8">
<script type="module">
import init, { open } from '/pkg/web/crosscut_wasm.js';
try {
  await init();
  const bytes = new Uint8Array(await (await fetch('/mini.xcut')).arrayBuffer());
  const g = open(bytes);
  const [hit] = g.lookup('dubing', { lang: 'en', fuzzy: 1, to: ['fr'] });
  let error = null;
  try { open(bytes.subarray(0, 10)); } catch (e) {
    error = { isError: e instanceof Error, name: e.name, code: e.code };
  }
  window.__result = {
    concepts: g.info().concepts,
    term: hit.term.text,
    translation: hit.translations[0].text,
    distance: hit.distance,
    error,
  };
} catch (e) {
  window.__result = { failure: String((e && e.stack) || e) };
}
</script>`;

function serve() {
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://localhost').pathname;
    const send = (type, body) => {
      res.writeHead(200, { 'content-type': type });
      res.end(body);
    };
    if (path === '/') return send('text/html; charset=utf-8', page);
    if (path === '/mini.xcut') return send('application/octet-stream', readFileSync(fixturePath));
    const file = path.match(/^\/pkg\/web\/([\w.]+)$/)?.[1];
    if (file && existsSync(new URL(file, webDir))) {
      const type = file.endsWith('.wasm') ? 'application/wasm' : 'text/javascript';
      return send(type, readFileSync(new URL(file, webDir)));
    }
    res.writeHead(404);
    res.end();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test('the web build runs in headless Chromium', { skip, timeout: 60_000 }, async () => {
  const require = createRequire(import.meta.url);
  const { chromium } = require('../tools/node_modules/playwright-core');
  const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
  assert.ok(existsSync(executablePath), `Chromium not found at ${executablePath}; set CHROMIUM or SKIP_BROWSER=1`);
  const server = await serve();
  const profile = await mkdtemp(join(tmpdir(), 'crosscut-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const tab = await context.newPage();
    await tab.goto(`http://127.0.0.1:${server.address().port}/`);
    await tab.waitForFunction(() => window.__result !== undefined, null, { timeout: 30_000 });
    const result = await tab.evaluate(() => window.__result);
    assert.deepEqual(result, {
      concepts: 6,
      term: 'dubbing',
      translation: 'doublage',
      distance: 1,
      error: { isError: true, name: 'CrosscutError', code: 'artifact.truncated' },
    });
  } finally {
    await context.close();
    server.close();
    await rm(profile, { recursive: true, force: true });
  }
});
