// The crosscut demo: load an artifact and an SRT file, annotate every line,
// show each term's concept in the side panel and TM suggestions under each line;
// highlight the terms of a line as it is typed.
// Plain DOM, no framework, no build step: serve bindings-wasm/ statically and
// open /demo/ (see the README).
import init, { open } from '../pkg/web/crosscut_wasm.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const state = { artifact: null, cues: [], src: params.get('src') || 'en', tgt: params.get('tgt') || 'fr' };
// For scripts and the browser test: what the page shows, once it is ready.
window.__demo = { ready: false, error: null, cues: [], typed: [] };

/** Parses SRT leniently: blocks separated by blank lines, an optional index, a timing line, text. */
export function parseSrt(text) {
  const cues = [];
  for (const block of text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split(/\n{2,}/)) {
    const lines = block.split('\n').filter((l) => l.trim() !== '');
    const t = lines.findIndex((l) => l.includes('-->'));
    if (t < 0) continue;
    const [start, end] = lines[t].split('-->').map((s) => s.trim().split(/\s+/)[0]);
    const body = lines.slice(t + 1).join('\n');
    if (body) cues.push({ index: t > 0 ? lines[0].trim() : String(cues.length + 1), start, end, text: body });
  }
  return cues;
}

function setStatus(message, isError = false) {
  $('status').textContent = message;
  $('status').classList.toggle('error', isError);
}

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  for (const c of children) if (c != null) node.append(c);
  return node;
}

async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

function loadArtifact(bytes, name) {
  const next = open(bytes); // copied once into wasm memory
  state.artifact?.free(); // release the previous artifact's copy
  state.artifact = next;
  const info = next.info();
  const langs = new Set(Object.keys(info.kind === 'memory' ? info.memory.languages : info.languages));
  if (info.memory) for (const l of Object.keys(info.memory.languages)) langs.add(l);
  for (const [id, value] of [['src', state.src], ['tgt', state.tgt]]) {
    const select = $(id);
    select.replaceChildren(...[...langs].sort().map((l) => el('option', { value: l, textContent: l })));
    select.value = langs.has(value) ? value : [...langs][0];
  }
  const what = info.kind === 'memory' ? `${info.memory.units} TM units`
    : `${info.concepts} concepts${info.memory ? `, ${info.memory.units} TM units` : ''}`;
  setStatus(`${name}: ${what}`);
}

/** Groups annotations by span: one highlight per span, every concept found there. */
function spans(annotations) {
  const bySpan = new Map();
  for (const a of annotations) {
    const key = `${a.start}:${a.end}`;
    if (!bySpan.has(key)) bySpan.set(key, { start: a.start, end: a.end, text: a.text, matches: [] });
    bySpan.get(key).matches.push(a);
  }
  return [...bySpan.values()].sort((x, y) => x.start - y.start || y.end - x.end);
}

function render() {
  const { artifact } = state;
  if (!artifact) return;
  state.src = $('src').value;
  state.tgt = $('tgt').value;
  const texts = state.cues.map((c) => c.text);
  let annotated = texts.map(() => []);
  try {
    if (artifact.hasGlossary) annotated = artifact.annotateBatch(texts, { lang: state.src, to: [state.tgt] });
  } catch (e) {
    setStatus(`${e.code ?? 'error'}: ${e.message}`, true);
  }
  const list = $('cues');
  list.replaceChildren();
  window.__demo.cues = [];
  state.cues.forEach((cue, i) => {
    const text = el('p', { className: 'text' });
    let at = 0;
    const terms = [];
    for (const span of spans(annotated[i])) {
      if (span.start < at) continue; // overlapping spans (only with `overlapping: true`)
      text.append(cue.text.slice(at, span.start));
      const first = span.matches[0];
      const mark = termMark(cue.text.slice(span.start, span.end), first.status, () => span);
      if (span.matches.some((m) => m.concept.sensitivity)) mark.classList.add('sensitive');
      mark.title = span.matches.map((m) => m.translations.map((t) => t.text).join(', ') || m.concept.id).join(' | ');
      mark.dataset.concepts = span.matches.map((m) => m.concept.id).join(' ');
      text.append(mark);
      terms.push({ text: mark.textContent, concepts: span.matches.map((m) => m.concept.id), how: first.how, status: first.status });
      at = span.end;
    }
    text.append(cue.text.slice(at));
    const suggestions = tmSuggestions(cue.text);
    const tm = suggestions.length
      ? el('ol', { className: 'tm', title: 'Translation memory suggestions' },
        ...suggestions.map((s) => el('li', {}, el('span', { className: 'score' }, `${s.score}%`), s.target)))
      : null;
    list.append(el('li', { className: 'cue' }, el('div', { className: 'time' }, `${cue.index}  ${cue.start} → ${cue.end}`), text, tm));
    window.__demo.cues.push({ text: cue.text, terms, tm: suggestions.map((s) => ({ score: s.score, target: s.target })) });
  });
  renderTyping();
  window.__demo.ready = true;
}

/** A highlighted term that shows the concepts of `span()` in the side panel when selected. */
function termMark(text, status, span) {
  const mark = el('mark', { className: `term ${status}`, tabIndex: 0, textContent: text });
  const show = () => {
    document.querySelectorAll('mark.selected').forEach((m) => m.classList.remove('selected'));
    mark.classList.add('selected');
    showConcepts(span());
  };
  mark.addEventListener('click', show);
  mark.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); show(); } });
  return mark;
}

/**
 * The line being typed, highlighted on every keystroke with `findTerms` (spans
 * and indices only, no concept built); a term's concept is fetched when it is
 * pointed at (`concept(index)`) and its full annotation when it is selected.
 */
function renderTyping() {
  const { artifact } = state;
  const line = $('typing').value;
  const out = $('typing-out');
  out.replaceChildren();
  window.__demo.typed = [];
  if (!artifact?.hasGlossary || !line) return;
  let found;
  try {
    found = artifact.findTerms(line, { lang: state.src });
  } catch (e) {
    setStatus(`${e.code ?? 'error'}: ${e.message}`, true);
    return;
  }
  let at = 0;
  for (const t of found) {
    if (t.start < at) continue; // another concept on the same span
    out.append(line.slice(at, t.start));
    const full = () => spans(artifact.annotate(line, { lang: state.src, to: [state.tgt] }))
      .find((s) => s.start === t.start && s.end === t.end);
    const mark = termMark(line.slice(t.start, t.end), t.status, full);
    mark.addEventListener('mouseenter', () => { mark.title ||= artifact.concept(t.concept).id; }, { once: true });
    out.append(mark);
    window.__demo.typed.push({ text: mark.textContent, concept: t.concept, inflected: t.inflected });
    at = t.end;
  }
  out.append(line.slice(at));
}

function tmSuggestions(text) {
  if (!state.artifact.hasMemory) return [];
  try {
    return state.artifact.tmSearch(text.replace(/\s*\n\s*/g, ' '), { src: state.src, tgt: state.tgt, top: 2 });
  } catch (e) {
    setStatus(`${e.code ?? 'error'}: ${e.message}`, true);
    return [];
  }
}

function showConcepts(span) {
  const panel = $('panel');
  panel.replaceChildren();
  for (const m of span.matches) {
    const c = m.concept;
    const badges = el('p', {},
      el('span', { className: `badge ${m.status}` }, m.status),
      el('span', { className: 'badge' }, m.how),
      c.sensitivity ? el('span', { className: `badge ${c.sensitivity.level}` }, `sensitivity: ${c.sensitivity.level}`) : null);
    const details = el('dl');
    const add = (term, ...value) => details.append(el('dt', { textContent: term }), el('dd', {}, ...value));
    add(`Translations (${state.tgt})`, m.translations.length
      ? el('ul', {}, ...m.translations.map((t) => el('li', { className: 'translation' },
        `${t.text} `, el('span', { className: `badge ${t.status}` }, t.status),
        t.register ? el('span', { className: 'badge' }, t.register) : null,
        t.usage ? el('div', { className: 'usage' }, t.usage) : null)))
      : 'none in the glossary');
    if (m.preferred.length) add('Use instead', m.preferred.map((t) => t.text).join(', '));
    if (c.definition) add('Definition', c.definition);
    if (c.cultural_note) add('Cultural note', el('span', { className: 'note' }, c.cultural_note));
    if (c.sensitivity) {
      add('Sensitivity', el('span', { className: 'sensitivity' },
        `${c.sensitivity.level}${c.sensitivity.locales.length ? ` in ${c.sensitivity.locales.join(', ')}` : ''}${c.sensitivity.reason ? `: ${c.sensitivity.reason}` : ''}`));
    }
    if (c.idiom) {
      add('Idiom', c.idiom.meaning ?? '', el('ul', {}, ...c.idiom.equivalents.map((e) => el('li', {}, `${e.lang}: ${e.text ?? '—'} (${e.closeness})${e.note ? ` ${e.note}` : ''}`))));
    }
    panel.append(el('section', { className: 'concept' },
      el('h2', {}, m.term.text), el('div', { className: 'id' }, c.id), badges, details));
  }
}

async function main() {
  try {
    await init();
    loadArtifact(await fetchBytes(params.get('artifact') || 'data/glossaries.xcut'), 'glossaries.xcut');
    const srt = await (await fetch(params.get('srt') || 'data/dialogue.srt')).text();
    $('srt-text').value = srt;
    state.cues = parseSrt(srt);
    render();
  } catch (e) {
    window.__demo.error = `${e.code ?? e.name}: ${e.message}`;
    setStatus(window.__demo.error, true);
  }
}

$('typing').addEventListener('input', renderTyping);
$('src').addEventListener('change', render);
$('tgt').addEventListener('change', render);
$('srt-apply').addEventListener('click', () => { state.cues = parseSrt($('srt-text').value); render(); });
$('srt-file').addEventListener('change', async (e) => {
  const file = e.target.files[0];
  if (!file) return;
  const text = await file.text();
  $('srt-text').value = text;
  state.cues = parseSrt(text);
  render();
});
$('artifact-file').addEventListener('change', async (e) => {
  const file = e.target.files[0];
  if (!file) return;
  try {
    loadArtifact(new Uint8Array(await file.arrayBuffer()), file.name);
    render();
  } catch (err) {
    setStatus(`${file.name}: ${err.code ?? err.name}: ${err.message}`, true);
  }
});
main();
