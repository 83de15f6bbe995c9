// The packed tarball, installed in a clean project as a user would: `npm pack`,
// then `npm install <tarball>` (offline: the package has no dependencies), then
// require, import, the web build, and the TypeScript types it ships.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixturePath } from './helpers.mjs';

const pkgDir = fileURLToPath(new URL('..', import.meta.url));
const tsc = fileURLToPath(new URL('../tools/node_modules/.bin/tsc', import.meta.url));
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

test('npm pack gives a tarball that installs and works in a clean directory', { timeout: 120_000 }, () => {
  const tmp = mkdtempSync(join(tmpdir(), 'crosscut-pack-'));
  try {
    const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', tmp], pkgDir));
    const files = packed.files.map((f) => f.path).sort();
    for (const f of ['package.json', 'pkg/node/crosscut_wasm.js', 'pkg/node/crosscut_wasm.d.ts', 'pkg/node/crosscut_wasm_bg.wasm',
      'pkg/web/crosscut_wasm.js', 'pkg/web/crosscut_wasm.d.ts', 'pkg/web/crosscut_wasm_bg.wasm']) {
      assert.ok(files.includes(f), `${f} is packed`);
    }
    assert.ok(!files.some((f) => /^(src|js-tests|demo|tools|types-check)\//.test(f)), `only the build is packed: ${files}`);

    const app = join(tmp, 'app');
    run('mkdir', ['-p', app], tmp);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
    run('npm', ['install', '--offline', '--no-audit', '--no-fund', join(tmp, packed.filename)], app);
    copyFileSync(fixturePath, join(app, 'mini.xcut'));

    writeFileSync(join(app, 'use.cjs'), `
      const { open, ArtifactError } = require('crosscut');
      const a = open(require('fs').readFileSync('mini.xcut'));
      const [hit] = a.lookup('dubing', { lang: 'en', fuzzy: 1, to: ['fr'] });
      let code = null;
      try { open(new Uint8Array(3)); } catch (e) { code = e instanceof ArtifactError && e.code; }
      console.log(JSON.stringify([hit.term.text, hit.translations[0].text, code]));`);
    assert.deepEqual(JSON.parse(run('node', ['use.cjs'], app)), ['dubbing', 'doublage', 'artifact.truncated']);

    writeFileSync(join(app, 'use.mjs'), `
      import { readFileSync } from 'node:fs';
      import { open } from 'crosscut';
      import init, { initSync, open as openWeb } from 'crosscut/web';
      const bytes = readFileSync('mini.xcut');
      initSync({ module: readFileSync(new URL(import.meta.resolve('crosscut/crosscut_wasm_bg.wasm'))) });
      const text = 'the rough cut';
      const found = openWeb(bytes).annotate(text, { lang: 'en' });
      console.log(JSON.stringify([open(bytes).kind, typeof init, found.map((m) => text.slice(m.start, m.end))]));`);
    assert.deepEqual(JSON.parse(run('node', ['use.mjs'], app)), ['glossary', 'function', ['rough cut']]);

    // The types ship in the tarball: the same strict check as types-check/, against the installed package.
    const types = fileURLToPath(new URL('../types-check/', import.meta.url));
    for (const f of ['example.ts', 'example-web.ts']) copyFileSync(join(types, f), join(app, f));
    const config = JSON.parse(readFileSync(join(types, 'tsconfig.json'), 'utf8'));
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify(config));
    writeFileSync(join(app, 'package.json'), JSON.stringify({ ...JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')), type: 'module' }));
    run(tsc, ['-p', app], app);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
