// Shared by the tests: the package (Node build, loaded by path) and the fixtures.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
export const crosscut = require('crosscut');
const path = (p) => fileURLToPath(new URL(p, import.meta.url));
export const fixturePath = path('../../tests/fixtures/mini.xcut');
/** The small glossary of tests/fixtures (tests/fixtures/mini.xcut). */
export const fixture = () => new Uint8Array(readFileSync(fixturePath));
/** The shipped glossaries bundled with the example memory (scripts/demo-data.sh). */
export const bundlePath = path('../demo/data/glossaries.xcut');
export const bundle = () => new Uint8Array(readFileSync(bundlePath));
/** The example memory alone. */
export const memoryOnly = () => new Uint8Array(readFileSync(path('../../tests/fixtures/dialogue-tm.xcut')));
