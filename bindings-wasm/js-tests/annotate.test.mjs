// annotate and annotateBatch: offsets are UTF-16 code units, so text.slice(start, end) is the match.
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
