// annotate and annotateBatch: offsets are UTF-16 code units, so text.slice(start, end) is the match;
// findTerms: the same matches as spans and indices, concept(index) on demand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crosscut, bundle } from './helpers.mjs';

const a = crosscut.open(bundle());
const sliced = (text, found) => found.map((m) => {
  assert.equal(text.slice(m.start, m.end), m.text);
  return m.text;
});

test('terms after emoji and astral characters', () => {
  const text = '😀👍🏽 My elder brother 𝒳𝒴 gave 🧧 a red envelope, 𠀋 then the rough cut.';
  const found = a.annotate(text, { lang: 'en', to: ['fr'] });
  assert.deepEqual(sliced(text, found), ['elder brother', 'red envelope', 'rough cut']);
  assert.equal(found[0].start, text.indexOf('elder brother'));
  const envelope = found[1];
  assert.match(envelope.concept.cultural_note, /\S/);
  assert.ok(envelope.translations.some((t) => t.lang === 'fr'));
});

test('annotateBatch annotates each line as annotate does', () => {
  const lines = ['My elder brother flew back.', '', '🧧 A red envelope for every child.', 'Nothing here.'];
  const batch = a.annotateBatch(lines, { lang: 'en' });
  assert.equal(batch.length, lines.length);
  lines.forEach((line, i) => assert.deepEqual(batch[i], a.annotate(line, { lang: 'en' })));
  assert.deepEqual(sliced(lines[2], batch[2]), ['red envelope']);
});

test('annotate options are checked', () => {
  assert.throws(() => a.annotate('x', { lang: 'en', overlap: true }), (e) => e instanceof crosscut.QueryError);
  assert.throws(() => a.annotateBatch(['x'], { lang: '??' }), (e) => e instanceof crosscut.LanguageTagError);
});

test('findTerms finds what annotate finds, with concepts on demand', () => {
  const lines = ['😀 My elder brother flew back.', '', '🧧 A red envelope, then the rough cuts.', 'Nothing here.'];
  const batch = a.findTermsBatch(lines, { lang: 'en' });
  assert.equal(batch.length, lines.length);
  lines.forEach((line, i) => {
    const found = a.annotate(line, { lang: 'en' });
    assert.deepEqual(batch[i], a.findTerms(line, { lang: 'en' }));
    assert.deepEqual(batch[i].map((t) => {
      const concept = a.concept(t.concept);
      return [line.slice(t.start, t.end), concept.id, concept.terms[t.term].text, t.status, t.inflected];
    }), found.map((m) => [m.text, m.concept.id, m.term.text, m.status, m.how === 'inflected']));
  });
  assert.equal(batch.flat().length, 3);
  assert.deepEqual(Object.keys(batch[0][0]).sort(), ['concept', 'end', 'inflected', 'start', 'status', 'term']);
});

test('concept(index) past the end is a QueryError', () => {
  const n = a.info().concepts;
  assert.equal(a.concept(n - 1).id.length > 0, true);
  assert.throws(() => a.concept(n), (e) => e instanceof crosscut.QueryError && /out of range/.test(e.message));
});
