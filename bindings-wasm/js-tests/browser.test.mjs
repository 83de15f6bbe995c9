// The web build in headless Chromium, through the demo page: a local static
// server, the shipped glossaries bundled with the example memory, and
// examples/dialogue.srt. Saves a screenshot to demo/screenshots/demo.png.
// Needs Chromium (CHROMIUM, or /usr/bin/chromium); SKIP_BROWSER=1 skips it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../demo/serve.mjs';
import { bundlePath } from './helpers.mjs';

const skip = process.env.SKIP_BROWSER === '1' ? 'SKIP_BROWSER=1' : false;
const screenshots = fileURLToPath(new URL('../demo/screenshots/', import.meta.url));

test('the demo page highlights terms, shows notes and TM suggestions in headless Chromium', { skip, timeout: 90_000 }, async () => {
  assert.ok(existsSync(bundlePath), 'demo data missing: run bindings-wasm/scripts/demo-data.sh');
  const require = createRequire(import.meta.url);
  const { chromium } = require('../tools/node_modules/playwright-core');
  const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
  assert.ok(existsSync(executablePath), `Chromium not found at ${executablePath}; set CHROMIUM or SKIP_BROWSER=1`);
  const server = await serve();
  const profile = await mkdtemp(join(tmpdir(), 'crosscut-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    await page.goto(`http://127.0.0.1:${server.address().port}/demo/`);
    await page.waitForFunction(() => window.__demo.ready || window.__demo.error, null, { timeout: 30_000 });
    const demo = await page.evaluate(() => window.__demo);
    assert.equal(demo.error, null);
    assert.equal(demo.cues.length, 6);

    // Highlighted terms, as the DOM shows them.
    const marks = await page.$$eval('mark.term', (ms) => ms.map((m) => m.textContent));
    for (const term of ['elder brother', 'Spring Festival', 'red envelope', 'rough cut', 'rough cuts', 'Chuseok', 'mooncake']) {
      assert.ok(marks.includes(term), `"${term}" is highlighted among ${JSON.stringify(marks)}`);
    }
    assert.deepEqual(demo.cues[3].terms.map((t) => t.text), ['dailies', 'rough cut']);
    assert.equal(demo.cues[4].terms.find((t) => t.text === 'rough cuts').how, 'inflected');

    // TM suggestions under each line.
    assert.deepEqual(demo.cues[0].tm[0], { score: 100, target: 'Mon grand frère est rentré en avion pour la fête du Printemps.' });
    assert.equal(demo.cues[3].tm[0].score, 90);
    assert.match(await page.locator('.cue').nth(3).locator('.tm li').first().textContent(), /^90%Les rushes sont bons/);

    // The side panel: translations, cultural note, status, sensitivity.
    await page.locator('mark.term', { hasText: 'red envelope' }).click();
    const panel = page.locator('#panel');
    assert.equal(await panel.locator('h2').first().textContent(), 'red envelope');
    assert.match(await panel.locator('.translation').first().textContent(), /^enveloppe rouge/);
    assert.match(await panel.locator('.note').first().textContent(), /Red is lucky/);
    assert.match(await panel.locator('.badge').first().textContent(), /preferred/);
    await page.locator('mark.term', { hasText: 'Spring Festival' }).click();
    assert.match(await panel.locator('.sensitivity').first().textContent(), /\S/);

    // Switching the target language re-annotates: no French translations in German.
    await page.selectOption('#tgt', 'de');
    await page.locator('mark.term', { hasText: 'elder brother' }).click();
    assert.match(await panel.locator('.translation').first().textContent(), /^älterer Bruder/);
    await page.selectOption('#tgt', 'fr');
    await page.locator('mark.term', { hasText: 'red envelope' }).click();

    // As the translator types: findTerms highlights, the panel shows the full annotation.
    await page.locator('#typing').pressSequentially('Our elder brothers ate mooncakes');
    const typed = await page.evaluate(() => window.__demo.typed);
    assert.deepEqual(typed.map((t) => [t.text, t.inflected]), [['elder brothers', true], ['mooncakes', true]]);
    await page.locator('#typing-out mark.term', { hasText: 'mooncakes' }).click();
    assert.equal(await panel.locator('h2').first().textContent(), 'mooncake');
    assert.match(await panel.locator('.note').first().textContent(), /\S/);
    assert.equal(await page.locator('#typing-out').textContent(), 'Our elder brothers ate mooncakes');
    // Errors cross into the page as Error subclasses with a code.
    const error = await page.evaluate(async () => {
      const m = await import('/pkg/web/crosscut_wasm.js');
      try { m.open(new Uint8Array(3)); } catch (e) {
        return { isError: e instanceof Error, artifact: e instanceof m.ArtifactError, name: e.name, code: e.code };
      }
      return null;
    });
    assert.deepEqual(error, { isError: true, artifact: true, name: 'CrosscutError', code: 'artifact.truncated' });

    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: join(screenshots, 'demo.png'), fullPage: true });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    server.close();
    await rm(profile, { recursive: true, force: true });
  }
});
