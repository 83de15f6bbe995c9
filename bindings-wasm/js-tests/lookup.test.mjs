import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crosscut, fixture } from './helpers.mjs';

const g = crosscut.open(fixture());
const ids = (hits) => hits.map((h) => h.concept.id);
const terms = (hits) => hits.map((h) => h.term.text);

test('exact lookup returns the concept and its translations', () => {
  const hits = g.lookup('Rough Cut', { lang: 'en', to: ['fr', 'de'] });
  assert.equal(hits.length, 1);
  const [hit] = hits;
  assert.equal(hit.key, 'rough cut');
  assert.equal(hit.term.text, 'rough cut');
  assert.equal(hit.term.status, 'preferred');
  assert.equal(hit.term.part_of_speech, null);
  assert.equal(hit.concept.id, 'prod.rough-cut');
  assert.deepEqual(hit.concept.domains, ['film.production']);
  assert.deepEqual(hit.translations.map((t) => [t.lang, t.text]), [['fr', 'premier montage'], ['de', 'Rohschnitt']]);
  assert.equal(hit.distance, 0);
  assert.equal(Object.getPrototypeOf(hit), Object.prototype);
});

test('exact lookup without options matches any language', () => {
  assert.deepEqual(ids(g.lookup('rushes')), ['prod.dailies', 'prod.dailies']);
  assert.deepEqual(ids(g.lookup('rushes', { lang: 'fr' })), ['prod.dailies']);
  assert.deepEqual(g.lookup('nothing', { lang: 'en' }), []);
});

test('prefix lookup returns the shortest keys first', () => {
  assert.deepEqual(terms(g.lookup('dub', { lang: 'en', prefix: true })), ['dub', 'dubbing']);
  assert.deepEqual(terms(g.lookup('r', { lang: 'en', prefix: true, status: ['admitted'] })), ['rushes']);
});

test('fuzzy lookup reports the edit distance', () => {
  const [hit, ...rest] = g.lookup('dubing', { lang: 'en', fuzzy: 1, to: ['ja'] });
  assert.equal(rest.length, 0);
  assert.equal(hit.term.text, 'dubbing');
  assert.equal(hit.distance, 1);
  assert.equal(hit.translations[0].text, '吹き替え');
});

test('regex lookup matches whole keys', () => {
  assert.deepEqual(terms(g.lookup('r.*', { lang: 'en', regex: true })).sort(), ['rough cut', 'rushes']);
  assert.deepEqual(terms(g.lookup('DUB.*G', { lang: 'en', regex: true })), ['dubbing']);
});

test('status, domain and limit filter the hits', () => {
  assert.deepEqual(g.lookup('rushes', { lang: 'en', status: ['preferred'] }), []);
  assert.deepEqual(terms(g.lookup('rushes', { lang: 'en', status: ['admitted'] })), ['rushes']);
  assert.deepEqual(ids(g.lookup('d', { prefix: true, domain: 'film.post' })), ['post.dubbing', 'post.dubbing', 'post.dubbing']);
  assert.equal(g.lookup('d', { prefix: true, limit: 1 }).length, 1);
});

test('locale fallback and scripts', () => {
  assert.deepEqual(ids(g.lookup('哥哥', { lang: 'zh-TW', to: ['ko'] })), ['kinship.elder-brother']);
  assert.deepEqual(g.lookup('哥哥', { lang: 'zh-CN' }), []);
});

test('info describes the glossary', () => {
  const info = g.info();
  assert.equal(info.concepts, 6);
  assert.equal(info.terms, 19);
  assert.equal(info.bytes, fixture().length);
  assert.deepEqual(info.languages, { de: 2, en: 6, fr: 6, ja: 1, ko: 1, 'zh-Hant': 1 });
  assert.equal(info.terms_per_language.en, 8);
  assert.deepEqual(info.sources, ['mini']);
  assert.deepEqual(info.normalization, { fold_diacritics: false });
});

test('free releases the artifact', () => {
  const h = crosscut.open(fixture());
  h.free();
  assert.throws(() => h.info());
});

test('regexes keep Unicode case folding and \\w; \\p{…} classes are left out of the wasm build', () => {
  assert.deepEqual(terms(g.lookup('吹き.*', { regex: true })), ['吹き替え']);
  assert.deepEqual(terms(g.lookup('\\w+ \\w+', { lang: 'en', regex: true })).sort(), ['elder brother', 'rough cut']);
  assert.deepEqual(terms(g.lookup('ROUGH.*', { lang: 'en', regex: true })), ['rough cut']);
  assert.deepEqual(terms(g.lookup('GRAND FRÈ.*', { lang: 'fr', regex: true })), ['grand frère']);
  assert.throws(() => g.lookup('\\p{Han}+', { regex: true }), (e) => e instanceof crosscut.QueryError && /regex/.test(e.message));
});
