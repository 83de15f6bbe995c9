import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crosscut, fixture } from './helpers.mjs';

const crosscutError = (code, cls) => (e) => {
  assert.ok(e instanceof Error, 'an Error, not a string');
  assert.equal(e.name, 'CrosscutError');
  assert.equal(e.code, code);
  assert.equal(e.class, cls);
  assert.match(e.message, /\S/);
  return true;
};

test('a flipped byte fails the checksum', () => {
  const bytes = fixture();
  bytes[bytes.length >> 1] ^= 0x01;
  assert.throws(() => crosscut.open(bytes), crosscutError('artifact.checksum', 'artifact'));
});

test('a truncated artifact is refused', () => {
  assert.throws(() => crosscut.open(fixture().subarray(0, 10)), crosscutError('artifact.truncated', 'artifact'));
});

test('random bytes are not an artifact', () => {
  const bytes = new Uint8Array(4096);
  let x = 0x2545f491;
  for (let i = 0; i < bytes.length; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  assert.throws(() => crosscut.open(bytes), crosscutError('artifact.magic', 'artifact'));
});

test('messages say how to fix the problem', () => {
  assert.throws(() => crosscut.open(new Uint8Array(64)), (e) => /rebuild it/.test(e.message));
});

const g = crosscut.open(fixture());

test('a bad language tag throws lang.invalid', () => {
  assert.throws(() => g.lookup('dub', { lang: 'english!' }), crosscutError('lang.invalid', 'parse'));
  assert.throws(() => g.lookup('dub', { lang: 'en', to: ['??'] }), crosscutError('lang.invalid', 'parse'));
});

test('invalid queries and options throw query.invalid', () => {
  const invalid = crosscutError('query.invalid', 'invalid');
  assert.throws(() => g.lookup('dub', { fuzzy: 3 }), invalid);
  assert.throws(() => g.lookup('(', { regex: true }), invalid);
  assert.throws(() => g.lookup('   ', {}), invalid);
  assert.throws(() => g.lookup('dub', { fuzzy: 1, prefix: true }), invalid);
  assert.throws(() => g.lookup('dub', { status: ['maybe'] }), invalid);
  assert.throws(() => g.lookup('dub', { langs: 'en' }), invalid);
  assert.throws(() => g.lookup('dub', { limit: 'ten' }), invalid);
  assert.throws(() => g.lookup('dub', 'en'), invalid);
});

test('an over-long query throws limit.exceeded', () => {
  assert.throws(() => g.lookup('x'.repeat(2000), {}), crosscutError('limit.exceeded', 'limit'));
});

test('the glossary still works after errors', () => {
  assert.equal(g.lookup('dubbing', { lang: 'en' }).length, 1);
});
