// Runs the cross-surface vectors of tests/vectors/ (Rust and Python run the same files).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { basename } from 'node:path';
import { crosscut } from './helpers.mjs';

const root = fileURLToPath(new URL('../../tests/', import.meta.url));
const dir = `${root}vectors/annotate/`;
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

test('there are annotate vectors', () => assert.ok(files.length > 0));

for (const file of files) {
  const doc = JSON.parse(readFileSync(dir + file, 'utf8'));
  const artifact = `${root}fixtures/vectors-${basename(doc.glossary, '.toml')}.xcut`;
  const g = crosscut.open(new Uint8Array(readFileSync(artifact)));
  for (const c of doc.cases) {
    test(`${file}: ${c.name}`, () => {
      const found = g.annotate(c.text, { lang: c.lang, ...c.options });
      const got = found.map((a) => {
        assert.equal(c.text.slice(a.start, a.end), a.text, 'slice(start, end) is the match');
        const item = {
          text: a.text, start_utf16: a.start, end_utf16: a.end, concept: a.concept.id,
          term: a.term.text, status: a.status, how: a.how,
        };
        if (a.preferred.length) item.preferred = a.preferred.map((t) => t.text);
        return item;
      });
      const keys = ['text', 'start_utf16', 'end_utf16', 'concept', 'term', 'status', 'how', 'preferred'];
      const want = c.expect.map((e) => Object.fromEntries(keys.filter((k) => k in e).map((k) => [k, e[k]])));
      assert.deepEqual(got, want);
    });
    test(`${file}: ${c.name} (findTerms)`, () => {
      const got = g.findTerms(c.text, { lang: c.lang, ...c.options }).map((t) => {
        const concept = g.concept(t.concept);
        return {
          start_utf16: t.start, end_utf16: t.end, concept: concept.id, term: concept.terms[t.term].text,
          status: t.status, inflected: t.inflected,
        };
      });
      const want = c.expect.map((e) => ({
        start_utf16: e.start_utf16, end_utf16: e.end_utf16, concept: e.concept, term: e.term,
        status: e.status, inflected: e.how === 'inflected',
      }));
      assert.deepEqual(got, want);
    });
  }
}
