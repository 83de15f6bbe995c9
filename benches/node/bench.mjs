// The crosscut npm package (wasm) in Node against the native core on the same
// data, a plain JS Map (exact lookups) and fuse.js (fuzzy term search).
// Prints Markdown tables on stdout; progress goes to stderr.
//
//   npm ci --prefix benches/node && node benches/node/bench.mjs
//
// Needs the wasm package built (`bash bindings-wasm/scripts/build.sh`) and the
// term sets and prose of benches/README.md (bench-data/terms-10k.txt,
// terms-100k.txt written by annotate_report, bench-data/prose.txt). Runs the
// native side (`node_peer`, release build) on the same artifacts and queries.
//   CROSSCUT_NODE_SIZES=10k,100k      term sets
//   CROSSCUT_NODE_MAX_BYTES=2000000   prose bytes (whole lines from the start)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import Fuse from 'fuse.js';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('../../', import.meta.url));
const data = `${root}bench-data/`;
const out = `${data}node/`;
const sizes = (process.env.CROSSCUT_NODE_SIZES ?? '10k,100k').split(',');
const maxBytes = Number(process.env.CROSSCUT_NODE_MAX_BYTES ?? 2_000_000);
const EXACT_QUERIES = 2000;
const FUZZY_QUERIES = 50;
const log = (...a) => console.error(...a);

for (const f of ['prose.txt', ...sizes.map((s) => `terms-${s}.txt`)]) {
  if (!existsSync(data + f)) {
    log(`missing bench-data/${f}: see benches/README.md (fetch-prose.sh, annotate-report.sh). Nothing measured.`);
    process.exit(0);
  }
}
const crosscut = require(`${root}bindings-wasm`);
mkdirSync(out, { recursive: true });

// xorshift64*, as the Rust benches use.
function rng(seed) {
  let x = BigInt(seed);
  return (n) => {
    x ^= x >> 12n; x ^= (x << 25n) & 0xffffffffffffffffn; x ^= x >> 27n;
    return Number(((x * 0x2545f4914f6cdd1dn) & 0xffffffffffffffffn) >> 11n) % n;
  };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}
/** CPU seconds of this process (the machine is shared; the native side uses thread CPU time). */
function cpu() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}
/** Median CPU seconds of 3 passes, after a warm-up pass (V8 tiers the wasm up). */
function timed(f) {
  let n = f();
  const secs = [];
  for (let i = 0; i < 3; i++) {
    const t = cpu();
    n = f();
    secs.push(cpu() - t);
  }
  return [median(secs), n];
}

// Prose: whole lines from the start, as the native side reads them.
const lines = [];
let bytes = 0;
for (const line of readFileSync(`${data}prose.txt`, 'utf8').split('\n')) {
  const n = Buffer.byteLength(line) + 1;
  if (bytes + n > maxBytes) break;
  bytes += n;
  lines.push(line);
}

// Queries: exact hits (terms as typed) and one-typo variants (middle character replaced).
const terms = {};
for (const label of sizes) {
  terms[label] = readFileSync(`${data}terms-${label}.txt`, 'utf8').split('\n').filter((t) => t !== '');
  const list = terms[label];
  const pick = rng(0x5eed);
  const exact = Array.from({ length: EXACT_QUERIES }, () => list[pick(list.length)]);
  const fuzzy = [];
  while (fuzzy.length < FUZZY_QUERIES) {
    const t = list[pick(list.length)];
    const chars = [...t];
    if (chars.length < 4 || chars.length > 16 || !/^[a-z ]+$/.test(t)) continue;
    const mid = chars.length >> 1;
    chars[mid] = chars[mid] === 'x' ? 'q' : 'x';
    fuzzy.push({ query: chars.join(''), want: t });
  }
  writeFileSync(`${out}queries-${label}-exact.txt`, `${exact.join('\n')}\n`);
  writeFileSync(`${out}queries-${label}-fuzzy.txt`, `${fuzzy.map((f) => f.query).join('\n')}\n`);
  terms[label] = { list, exact, fuzzy };
}

log('native side: cargo build --release -p crosscut-benches --bin node_peer …');
execFileSync('cargo', ['build', '--release', '--locked', '-q', '-p', 'crosscut-benches', '--bin', 'node_peer'], { cwd: root, stdio: 'inherit' });
const native = execFileSync(`${root}target/release/node_peer`, [out, String(maxBytes), ...sizes], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
  .trim().split('\n').map((l) => JSON.parse(l));
const nativeOf = (op, label, stem = true) => native.find((r) => r.op === op && r.terms === label && (op !== 'annotate' || r.stem === stem));

const annotateRows = [];
const exactRows = [];
const fuzzyRows = [];
for (const label of sizes) {
  for (const stem of [true, false]) {
    const file = `${out}terms-${label}-${stem ? 'stem' : 'nostem'}.xcut`;
    const artifactBytes = readFileSync(file);
    crosscut.open(artifactBytes).free(); // the first call also compiles the functions it reaches
    const opens = [];
    for (let i = 0; i < 3; i++) {
      const t0 = process.hrtime.bigint();
      crosscut.open(artifactBytes).free();
      opens.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    const openMs = median(opens);
    const artifact = crosscut.open(artifactBytes);
    log(`wasm: ${label} terms, stemming ${stem ? 'on' : 'off'}: annotate …`);
    const options = { lang: 'en' };
    const [perLine, count] = timed(() => {
      let n = 0;
      for (const line of lines) n += artifact.annotate(line, options).length;
      return n;
    });
    const [batched, countBatch] = timed(() => {
      let n = 0;
      for (let i = 0; i < lines.length; i += 1000) {
        for (const found of artifact.annotateBatch(lines.slice(i, i + 1000), options)) n += found.length;
      }
      return n;
    });
    // findTerms per line: the same matches as spans and indices (what a highlighter draws).
    const [spansPerLine, countSpans] = timed(() => {
      let n = 0;
      for (const line of lines) n += artifact.findTerms(line, options).length;
      return n;
    });
    if (countSpans !== count) log(`  findTerms found ${countSpans} matches, annotate ${count}`);
    // A lower bound of the result conversion: building the same objects in JS alone (JSON.parse of them).
    const json = lines.map((line) => JSON.stringify(artifact.annotate(line, options)));
    const [parseSecs] = timed(() => json.reduce((n, j) => n + JSON.parse(j).length, 0));
    const nat = nativeOf('annotate', label, stem);
    if (count !== nat.annotations || countBatch !== count) log(`  annotation counts differ: wasm ${count}/${countBatch}, native ${nat.annotations}`);
    annotateRows.push({ label, stem, native: bytes / nat.secs / 1e6, perLine: bytes / perLine / 1e6, batched: bytes / batched / 1e6, spans: bytes / spansPerLine / 1e6, count, openMs, parseShare: parseSecs / perLine, jsonBytes: json.reduce((n, j) => n + j.length, 0) });

    if (stem) {
      const { list, exact, fuzzy } = terms[label];
      log(`wasm: ${label} terms: exact and fuzzy lookups …`);
      const [wasmExact, hits] = timed(() => exact.reduce((n, q) => n + artifact.lookup(q, { lang: 'en' }).length, 0));
      const map = new Map(list.map((t, i) => [t.toLowerCase(), `k${i}`]));
      const [mapExact, mapHits] = timed(() => exact.reduce((n, q) => n + (map.get(q.toLowerCase()) === undefined ? 0 : 1), 0));
      const natExact = nativeOf('exact', label);
      exactRows.push({ label, native: natExact.secs / exact.length * 1e9, wasm: wasmExact / exact.length * 1e9, map: mapExact / exact.length * 1e9, hits, mapHits, natHits: natExact.hits });

      const [wasmFuzzy] = timed(() => fuzzy.reduce((n, { query }) => n + artifact.lookup(query, { lang: 'en', fuzzy: 1 }).length, 0));
      const found = fuzzy.filter(({ query, want }) => artifact.lookup(query, { lang: 'en', fuzzy: 1 }).some((h) => h.term.text === want)).length;
      log(`fuse.js: ${label} terms: index and search …`);
      const t1 = process.hrtime.bigint();
      const fuse = new Fuse(list, { includeScore: true, threshold: 0.3 });
      const fuseBuild = Number(process.hrtime.bigint() - t1) / 1e9;
      // fuse.js scans every term per query: one pass (it is the warm-up) for recall, one timed.
      const fuseFound = fuzzy.filter(({ query, want }) => fuse.search(query, { limit: 20 }).some((r) => r.item === want)).length;
      const c0 = cpu();
      fuzzy.forEach(({ query }) => fuse.search(query, { limit: 20 }));
      const fuseSecs = cpu() - c0;
      const natFuzzy = nativeOf('fuzzy', label);
      fuzzyRows.push({ label, native: natFuzzy.secs / fuzzy.length * 1e6, wasm: wasmFuzzy / fuzzy.length * 1e6, fuse: fuseSecs / fuzzy.length * 1e6, fuseBuild, found, fuseFound });
    }
    artifact.free();
  }
}

const f = (x, d = 2) => x.toFixed(d);
const ratio = (a, b) => `${f(a / b, 2)}×`;
console.log(`Prose: first ${bytes.toLocaleString('en')} bytes (${lines.length.toLocaleString('en')} lines) of bench-data/prose.txt. Node ${process.version}; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')} (2 cores); CPU time, median of 3 passes after a warm-up pass.\n`);
console.log('| terms | stemming | native core MB/s | wasm `annotate` per line MB/s | wasm `annotateBatch` (1,000 lines a call) MB/s | wasm `findTerms` per line MB/s | wasm / native (per line) | annotations (result JSON) | of the wasm time: building the result objects alone (`JSON.parse` of them) | `open` (copy + CRC) ms |');
console.log('| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of annotateRows) {
  console.log(`| ${r.label} | ${r.stem ? 'on' : 'off'} | ${f(r.native)} | ${f(r.perLine)} | ${f(r.batched)} | ${f(r.spans)} | ${ratio(r.perLine, r.native)} | ${r.count.toLocaleString('en')} (${f(r.jsonBytes / 1e6, 1)} MB) | ${f(r.parseShare * 100, 0)}% | ${f(r.openMs, 1)} |`);
}
console.log(`\n| terms | exact lookup, ns per query (${EXACT_QUERIES.toLocaleString('en')} hits) | native core | wasm \`lookup\` | JS \`Map.get\` | wasm / native | wasm / Map |`);
console.log('| ---: | --- | ---: | ---: | ---: | ---: | ---: |');
for (const r of exactRows) {
  console.log(`| ${r.label} | hits per query: ${f(r.hits / EXACT_QUERIES)} (Map: ${f(r.mapHits / EXACT_QUERIES)}) | ${Math.round(r.native)} | ${Math.round(r.wasm)} | ${Math.round(r.map)} | ${ratio(r.wasm, r.native)} | ${ratio(r.wasm, r.map)} |`);
}
console.log(`\n| terms | fuzzy search, µs per query (${FUZZY_QUERIES} one-typo queries) | native \`fuzzy: 1\` | wasm \`fuzzy: 1\` | fuse.js (threshold 0.3, limit 20; one pass) | fuse.js index build | true term found: crosscut / fuse.js |`);
console.log('| ---: | --- | ---: | ---: | ---: | ---: | ---: |');
for (const r of fuzzyRows) {
  console.log(`| ${r.label} | | ${f(r.native, 1)} | ${f(r.wasm, 1)} | ${f(r.fuse, 0)} | ${f(r.fuseBuild, 2)} s | ${r.found} / ${r.fuseFound} of ${FUZZY_QUERIES} |`);
}
