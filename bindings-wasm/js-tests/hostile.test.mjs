// Hostile input through the binding: every bad sample, crafted artifacts and
// random bytes throw an Error with a code (on wasm32 a panic would abort the
// module, so the core itself must not panic). The same cases as
// bindings-python/tests/test_hostile.py.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crosscut, fixture } from './helpers.mjs';

const samples = fileURLToPath(new URL('../../../shared/samples/bad/', import.meta.url));
const files = (dir) => readdirSync(dir).flatMap((n) => {
  const p = join(dir, n);
  return statSync(p).isDirectory() ? files(p) : [p];
});

const crosscutError = (prefix) => (e) => {
  assert.ok(e instanceof Error, 'an Error, not a string');
  assert.equal(e.name, 'CrosscutError');
  assert.equal(typeof e.code, 'string');
  assert.ok(e.code.startsWith(prefix), e.code);
  return true;
};

// The CRC-32 (IEEE) the artifact footer holds.
const table = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const reseal = (bytes) => {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length - 4; i++) c = table[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(bytes.length - 4, (c ^ 0xffffffff) >>> 0, true);
  return bytes;
};
const sections = (bytes) => {
  const v = new DataView(bytes.buffer, bytes.byteOffset);
  return Array.from({ length: v.getUint16(8, true) }, (_, i) => ({
    entry: 12 + 20 * i,
    id: v.getUint16(12 + 20 * i, true),
    offset: Number(v.getBigUint64(12 + 20 * i + 4, true)),
    size: Number(v.getBigUint64(12 + 20 * i + 12, true)),
  }));
};

test('every bad sample is refused with a thrown Error', { skip: !existsSync(samples) }, () => {
  for (const f of files(samples)) {
    assert.throws(() => crosscut.open(new Uint8Array(readFileSync(f))), crosscutError('artifact.'), f);
  }
});

test('random bytes, bare and behind a valid header, throw', () => {
  const art = fixture();
  let x = 0x9e3779b9;
  const next = () => { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; return x >>> 0; };
  for (let round = 0; round < 300; round++) {
    const junk = Uint8Array.from({ length: next() % 4096 }, () => next() & 0xff);
    assert.throws(() => crosscut.open(junk), crosscutError('artifact.'));
    const wrapped = new Uint8Array(12 + junk.length + 4);
    wrapped.set(art.subarray(0, 12));
    wrapped.set(junk, 12);
    try {
      crosscut.open(reseal(wrapped)).lookup('rough cut', { lang: 'en' });
    } catch (e) {
      crosscutError('artifact.')(e);
    }
  }
});

test('crafted sections and fsts under a valid checksum throw or work', () => {
  const art = fixture();
  for (const s of sections(art)) {
    const bad = art.slice();
    new DataView(bad.buffer).setBigUint64(s.entry + 12, 1n << 62n, true);
    assert.throws(() => crosscut.open(reseal(bad)), crosscutError('artifact.'));
  }
  const keys = sections(art).find((s) => s.id === 2);
  let refused = 0;
  for (let at = keys.offset; at < keys.offset + keys.size; at++) {
    const bad = art.slice();
    bad[at] ^= 0x81;
    let g;
    try {
      g = crosscut.open(reseal(bad));
    } catch (e) {
      crosscutError('artifact.corrupt')(e);
      refused++;
      continue;
    }
    for (const opts of [{}, { prefix: true }, { fuzzy: 2 }]) {
      try { g.lookup('rough', { lang: 'en', ...opts }); } catch (e) { crosscutError('')(e); }
    }
    try { g.annotate('the rough cut and the dailies', { lang: 'en' }); } catch (e) { crosscutError('')(e); }
  }
  assert.ok(refused > keys.size / 2, `${refused} of ${keys.size} refused`);
});
