// The package as users import it: the exports map, the Node build and the web build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { fixture } from './helpers.mjs';

const require = createRequire(import.meta.url);

test('require("crosscut") loads the Node build synchronously', () => {
  const crosscut = require('crosscut');
  assert.equal(typeof crosscut.open, 'function');
  assert.equal(crosscut.open(fixture()).info().concepts, 6);
});

test('import("crosscut") in Node resolves to the same Node build', async () => {
  const crosscut = await import('crosscut');
  assert.equal(crosscut.open, require('crosscut').open);
});

test('crosscut/web works in Node after initSync', async () => {
  const web = await import('crosscut/web');
  const wasm = readFileSync(new URL('../pkg/web/crosscut_wasm_bg.wasm', import.meta.url));
  web.initSync({ module: wasm });
  const [hit] = web.open(fixture()).lookup('dubing', { lang: 'en', fuzzy: 1, to: ['fr'] });
  assert.equal(hit.term.text, 'dubbing');
  assert.equal(hit.translations[0].text, 'doublage');
  assert.throws(() => web.open(new Uint8Array(3)), (e) => e instanceof Error && e.code === 'artifact.truncated');
});
