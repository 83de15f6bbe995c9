// Shared by the tests: the package (Node build, loaded by path) and the fixture.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
export const crosscut = require('crosscut');
export const fixturePath = fileURLToPath(new URL('../../tests/fixtures/mini.xcut', import.meta.url));
export const fixture = () => new Uint8Array(readFileSync(fixturePath));
