// tmSearch and tmConcordance on the example memory (bundled with the shipped glossaries).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crosscut, bundle, fixture } from './helpers.mjs';

const a = crosscut.open(bundle());

test('tmSearch returns the closest units, best first, with a word diff', () => {
  const found = a.tmSearch('The dailies look good; the rough cut is due Friday.', { src: 'en', tgt: 'fr' });
  assert.ok(found.length >= 2);
  const [best] = found;
  assert.equal(best.score, 90);
  assert.equal(best.band, '85-94');
  assert.equal(best.source, 'The dailies look good; the rough cut is due Monday.');
  assert.equal(best.target, 'Les rushes sont bons ; le premier montage est attendu lundi.');
  assert.deepEqual([best.source_lang, best.target_lang], ['en', 'fr']);
  assert.deepEqual(best.diff.filter((d) => d.op !== 'equal'), [{ op: 'delete', text: 'Monday' }, { op: 'insert', text: 'Friday' }]);
  assert.deepEqual(best.origin, { file: 'dialogue.en-fr.tmx', project: null });
  assert.equal(typeof best.id, 'number');
  assert.deepEqual(found.map((m) => m.score), [...found.map((m) => m.score)].sort((x, y) => y - x));
});

test('tmSearch options: top, minScore, locale fallback', () => {
  const q = 'The dailies look good; the rough cut is due Friday.';
  assert.equal(a.tmSearch(q, { src: 'en', tgt: 'fr', top: 1 }).length, 1);
  assert.ok(a.tmSearch(q, { src: 'en', tgt: 'fr', minScore: 95 }).every((m) => m.score >= 95));
  assert.equal(a.tmSearch(q, { src: 'en-GB', tgt: 'fr-CA', top: 1 })[0].score, 90);
  assert.deepEqual(a.tmSearch(q, { src: 'en', tgt: 'de' }), []);
  assert.equal(a.tmSearch('The rough cut is due Friday.', { src: 'en', tgt: 'fr' })[0].score, 100);
});

test('tmConcordance highlights the phrase in UTF-16 units', () => {
  const hits = a.tmConcordance('rough cut', { lang: 'en', tgt: 'fr', top: 3 });
  assert.ok(hits.length >= 1);
  for (const h of hits) {
    assert.equal(h.in_source, true);
    assert.ok(h.highlights.length >= 1);
    for (const { start, end } of h.highlights) assert.equal(h.text.slice(start, end).toLowerCase(), 'rough cut');
    assert.equal(typeof h.other, 'string');
  }
  const fr = a.tmConcordance('premier montage', { lang: 'fr', tgt: 'en' });
  assert.ok(fr.length >= 1 && fr.every((h) => h.in_source === false));
});

test('TM errors', () => {
  const invalid = (e) => e instanceof crosscut.QueryError && e.code === 'query.invalid';
  assert.throws(() => a.tmSearch('x', { src: 'en' }), invalid);
  assert.throws(() => a.tmSearch('x'), invalid);
  assert.throws(() => a.tmSearch('x', { src: 'en', tgt: 'fr', min_score: 50 }), invalid);
  assert.throws(() => a.tmSearch('x', { src: 'en', tgt: 'fr', minScore: 102 }), invalid);
  assert.throws(() => a.tmSearch('x', { src: 'en', tgt: 'fr', top: -1 }), invalid);
  assert.throws(() => a.tmConcordance('cut', {}), invalid);
  assert.throws(() => a.tmConcordance('...', { lang: 'en' }), invalid);
  assert.throws(() => a.tmSearch('x', { src: 'english!', tgt: 'fr' }), (e) => e instanceof crosscut.LanguageTagError);
  assert.throws(() => a.tmSearch('x'.repeat(20000), { src: 'en', tgt: 'fr' }), (e) => e instanceof crosscut.LimitError);
  const glossaryOnly = crosscut.open(fixture());
  assert.throws(() => glossaryOnly.tmSearch('x', { src: 'en', tgt: 'fr' }), (e) => invalid(e) && /translation memory/.test(e.message));
});
