import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bundle, crosscut, fixture } from './helpers.mjs';

// Error classes by error class, as in the Python binding.
const classes = {
  parse: crosscut.ParseError, artifact: crosscut.ArtifactError, limit: crosscut.LimitError, invalid: crosscut.QueryError,
};

const crosscutError = (code, cls) => (e) => {
  assert.ok(e instanceof Error, 'an Error, not a string');
  assert.ok(e instanceof crosscut.CrosscutError);
  assert.ok(e instanceof classes[cls], `an instance of ${classes[cls].name}`);
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

test('the error classes form one hierarchy under Error', () => {
  const { CrosscutError, ParseError, LanguageTagError, ArtifactError, LimitError, QueryError } = crosscut;
  assert.equal(Object.getPrototypeOf(CrosscutError.prototype), Error.prototype);
  for (const cls of [ParseError, ArtifactError, LimitError, QueryError]) {
    assert.equal(Object.getPrototypeOf(cls.prototype), CrosscutError.prototype, cls.name);
  }
  assert.equal(Object.getPrototypeOf(LanguageTagError.prototype), ParseError.prototype);
  let caught;
  try { crosscut.open(new Uint8Array(3)); } catch (e) { caught = e; }
  assert.ok(caught instanceof ArtifactError && !(caught instanceof ParseError));
  assert.equal(Object.prototype.toString.call(caught), '[object Error]', 'a real Error object');
  assert.match(caught.stack, /CrosscutError: /);
  assert.equal(String(caught), `CrosscutError: ${caught.message}`);
  assert.equal(caught.line, undefined, 'no location for an artifact read from bytes');
});

test('every kind of corruption throws an ArtifactError, and the module keeps working', () => {
  const good = fixture();
  let seed = 7;
  const next = () => { seed = (seed * 1103515245 + 12345) >>> 0; return seed; };
  for (let i = 0; i < 300; i++) {
    const bytes = good.slice();
    const how = i % 3;
    if (how === 0) bytes[next() % bytes.length] ^= 1 << (next() % 8);
    const cut = how === 1 ? bytes.subarray(0, next() % bytes.length) : bytes;
    if (how === 2) bytes.fill(next() & 0xff, next() % bytes.length);
    try {
      crosscut.open(cut).info();
    } catch (e) {
      assert.ok(e instanceof crosscut.ArtifactError, `${e.code}: ${e.message}`);
    }
  }
  assert.equal(crosscut.open(good).info().concepts, 6);
});

const g = crosscut.open(fixture());

test('a bad language tag throws lang.invalid', () => {
  assert.throws(() => g.lookup('dub', { lang: 'english!' }), crosscutError('lang.invalid', 'parse'));
  assert.throws(() => g.lookup('dub', { lang: 'english!' }), crosscut.LanguageTagError);
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

test('an option of the wrong type is named, with what it takes', () => {
  const says = (...patterns) => (e) =>
    e instanceof crosscut.QueryError && e.code === 'query.invalid' && patterns.every((p) => p.test(e.message));
  assert.throws(() => g.lookup('dub', { limit: 'ten' }), says(/\blimit\b/, /whole number/, /"ten"/));
  assert.throws(() => g.lookup('dub', { fuzzy: 1.5 }), says(/\bfuzzy\b/, /whole number/, /1\.5/));
  assert.throws(() => g.lookup('dub', { prefix: 'yes' }), says(/\bprefix\b/, /true or false/));
  assert.throws(() => g.lookup('dub', { to: 'fr' }), says(/\bto\b/, /array of strings/));
  assert.throws(() => g.lookup('dub', { lang: 5 }), says(/\blang\b/, /a string/));
  // The values serde-wasm-bindgen took are still taken: BigInt counts, any iterable of strings.
  assert.deepEqual(g.lookup('dub', { limit: 1n }), g.lookup('dub', { limit: 1 }));
  assert.deepEqual(g.lookup('dub', { to: new Set(['fr']) }), g.lookup('dub', { to: ['fr'] }));
});

test('a Unicode property class says this build leaves them out', () => {
  // The npm build is made without the core's `regex-unicode` feature.
  assert.throws(() => g.lookup('\\p{Han}+', { regex: true }), (e) =>
    e instanceof crosscut.QueryError && e.code === 'query.invalid' && /regex-unicode/.test(e.message) && /Unicode/.test(e.message));
});

test('an over-long query throws limit.exceeded', () => {
  assert.throws(() => g.lookup('x'.repeat(2000), {}), crosscutError('limit.exceeded', 'limit'));
});

test('the glossary still works after errors', () => {
  assert.equal(g.lookup('dubbing', { lang: 'en' }).length, 1);
});

test('an options getter or proxy that throws propagates its error and leaves the artifact usable', () => {
  const a = crosscut.open(bundle());
  const boom = new Error('boom');
  const getter = { get lang() { throw boom; } };
  const keys = new Proxy({}, { ownKeys() { throw boom; } });
  assert.throws(() => a.annotate('x', getter), (e) => e === boom);
  assert.throws(() => a.lookup('x', keys), (e) => e === boom);
  assert.throws(() => a.tmSearch('x', { src: 'en', get tgt() { throw boom; } }), (e) => e === boom);
  assert.equal(a.annotate('the rough cut', { lang: 'en' }).length, 1);
  assert.equal(a.findTerms('the rough cut', { lang: 'en' }).length, 1);
});
