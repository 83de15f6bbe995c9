// open, kind, info, memory ownership: one Artifact for glossaries, memories and bundles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { crosscut, fixture, fixturePath, bundle, memoryOnly } from './helpers.mjs';

test('a glossary artifact', () => {
  const a = crosscut.open(fixture());
  assert.ok(a instanceof crosscut.Artifact);
  assert.equal(a.kind, 'glossary');
  assert.equal(a.hasGlossary, true);
  assert.equal(a.hasMemory, false);
  const info = a.info();
  assert.equal(info.kind, 'glossary');
  assert.equal(info.concepts, 6);
  assert.equal('memory' in info, false);
  a.free();
});

test('a bundle holds a glossary and a memory', () => {
  const a = crosscut.open(bundle());
  assert.equal(a.kind, 'bundle');
  assert.deepEqual([a.hasGlossary, a.hasMemory], [true, true]);
  const info = a.info();
  assert.equal(info.kind, 'bundle');
  assert.ok(info.concepts > 400);
  assert.equal(info.memory.units, 30);
  assert.deepEqual(info.memory.languages, { en: 30, fr: 30 });
  assert.deepEqual(info.memory.sources, ['dialogue.en-fr.tmx']);
  a.free();
});

test('a memory alone has no glossary', () => {
  const a = crosscut.open(memoryOnly());
  assert.equal(a.kind, 'memory');
  assert.deepEqual([a.hasGlossary, a.hasMemory], [false, true]);
  assert.deepEqual(Object.keys(a.info()).sort(), ['kind', 'memory']);
  const noGlossary = (e) => e instanceof crosscut.QueryError && e.code === 'query.invalid' && /glossary/.test(e.message);
  assert.throws(() => a.lookup('rough cut', { lang: 'en' }), noGlossary);
  assert.throws(() => a.annotate('the rough cut', { lang: 'en' }), noGlossary);
  assert.equal(a.tmSearch('The rough cut is due Friday.', { src: 'en', tgt: 'fr' })[0].score, 100);
});

test('open takes a Uint8Array, a Buffer, an ArrayBuffer or another view', () => {
  const buf = readFileSync(fixturePath); // a Buffer: a Uint8Array over a shared pool
  const copy = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length);
  const padded = new Uint8Array(buf.length + 16);
  padded.set(buf, 8);
  for (const bytes of [buf, new Uint8Array(buf), copy, new DataView(copy), padded.subarray(8, 8 + buf.length)]) {
    assert.equal(crosscut.open(bytes).info().concepts, 6);
  }
  const notBytes = (e) => e instanceof crosscut.QueryError && /Uint8Array/.test(e.message);
  for (const value of ['mini.xcut', 42, null, undefined, [1, 2, 3], {}]) {
    assert.throws(() => crosscut.open(value), notBytes);
  }
});

test('the artifact owns a copy: changing the caller’s bytes afterwards changes nothing', () => {
  const bytes = fixture();
  const a = crosscut.open(bytes);
  bytes.fill(0);
  assert.equal(a.lookup('dubbing', { lang: 'en' }).length, 1);
});

test('results are plain objects, free to keep after free()', () => {
  const a = crosscut.open(fixture());
  const [hit] = a.lookup('rough cut', { lang: 'en', to: ['fr'] });
  a.free();
  assert.equal(Object.getPrototypeOf(hit), Object.prototype);
  assert.equal(hit.translations[0].text, 'premier montage');
  assert.throws(() => a.info(), /null pointer/);
});

test('Symbol.dispose frees the artifact (for `using`)', () => {
  assert.equal(typeof crosscut.Artifact.prototype[Symbol.dispose], 'function', 'Node 20 defines Symbol.dispose');
  const a = crosscut.open(fixture());
  a[Symbol.dispose]();
  assert.throws(() => a.kind);
});

/** Where `needle` occurs in `hay`. */
function occurrences(hay, needle) {
  const found = [];
  for (let i = hay.indexOf(needle[0]); i !== -1 && i + needle.length <= hay.length; i = hay.indexOf(needle[0], i + 1)) {
    let k = 1;
    while (k < needle.length && hay[i + k] === needle[k]) k++;
    if (k === needle.length) found.push(i);
  }
  return found;
}

test('open copies the bytes into wasm memory once, and the artifact is read in place there', async () => {
  // A fresh instance of the web build, whose initSync returns the module's exports (and memory).
  const web = await import('../pkg/web/crosscut_wasm.js?memory');
  const wasm = web.initSync({ module: readFileSync(new URL('../pkg/web/crosscut_wasm_bg.wasm', import.meta.url)) });
  const bytes = bundle();
  const before = wasm.memory.buffer.byteLength;
  const a = web.open(bytes);
  const grown = wasm.memory.buffer.byteLength - before;
  assert.ok(grown >= bytes.length, `memory grew by ${grown} for ${bytes.length} bytes`);
  // Exactly one copy of the artifact's bytes exists in wasm memory (a second
  // copy, live or freed, would leave its bytes there too). Growth beyond the
  // copy is the verified open's fst walk, scratch memory freed after open.
  const tail = bytes.subarray(bytes.length - 256);
  assert.equal(occurrences(new Uint8Array(wasm.memory.buffer), tail).length, 1, 'one copy of the artifact in wasm memory');
  assert.ok(grown < 2.5 * bytes.length, `memory grew by ${grown} for ${bytes.length} bytes`);
  a.free();
  const again = web.open(bytes);
  assert.equal(wasm.memory.buffer.byteLength - before, grown, 'a freed copy and the freed scratch are reused');
  again.free();
});
