// Type-checked with `tsc --noEmit --strict -p bindings-wasm/types-check` (no
// emit, never run): every result is typed, none is `any`.
import {
  open, Artifact, CrosscutError, ArtifactError, LanguageTagError, QueryError,
  type Hit, type Annotation, type TermSpan, type Concept, type TmMatch, type ConcordanceHit, type Info, type Glossary,
} from "crosscut";

/** Fails to compile when `T` is `any`. */
type NotAny<T> = 0 extends 1 & T ? never : T;
function typed<T>(value: NotAny<T>): T {
  return value;
}

declare const bytes: Uint8Array;
declare const buffer: ArrayBuffer;

const artifact: Artifact = open(bytes);
const alias: Glossary = open(buffer);
alias.free();

// Lookups: exact, prefix, fuzzy, regex.
const exact: Hit[] = typed(artifact.lookup("rough cut", { lang: "en", to: ["fr", "ja"] }));
const prefix = typed(artifact.lookup("rou", { lang: "en", prefix: true, limit: 5 }));
const fuzzy = typed(artifact.lookup("rogh cut", { fuzzy: 1 }));
const regex = typed(artifact.lookup("r.*cut", { regex: true, status: ["preferred", "admitted"] }));
const anyLanguage = typed(artifact.lookup("dailies"));
for (const hit of [...exact, ...prefix, ...fuzzy, ...regex, ...anyLanguage]) {
  const note: string | null = typed(hit.concept.cultural_note);
  const level: "low" | "medium" | "high" | undefined = hit.concept.sensitivity?.level;
  const translations: string[] = hit.translations.map((t) => `${t.lang}: ${t.text} (${t.status})`);
  const distance: number = typed(hit.distance);
  void [note, level, translations, distance];
}
// @ts-expect-error: an unknown option
artifact.lookup("x", { fuzz: 1 });
// @ts-expect-error: statuses are a closed set
artifact.lookup("x", { status: ["maybe"] });

// Annotate: offsets in UTF-16 code units.
const line = "My elder brother gave me a red envelope 🧧.";
const found: Annotation[] = typed(artifact.annotate(line, { lang: "en", to: ["fr"] }));
for (const m of found) {
  const same: boolean = line.slice(m.start, m.end) === m.text;
  const how: "exact" | "normalized" | "inflected" = m.how;
  void [same, how, m.preferred.map((t) => t.text)];
}
const batch: Annotation[][] = typed(artifact.annotateBatch([line, "The rough cut."], { lang: "en" }));
void batch;
// findTerms: the same matches as spans and indices; the concept when asked.
const spans: TermSpan[] = typed(artifact.findTerms(line, { lang: "en" }));
for (const t of spans) {
  const concept: Concept = typed(artifact.concept(t.concept));
  const term: string = concept.terms[t.term].text;
  void [line.slice(t.start, t.end), term, t.status, t.inflected];
}
const spanBatch: TermSpan[][] = typed(artifact.findTermsBatch([line], { lang: "en" }));
void spanBatch;

// Translation memory.
const suggestions: TmMatch[] = typed(artifact.tmSearch(line, { src: "en", tgt: "fr", top: 3, minScore: 60 }));
for (const s of suggestions) {
  const parts: string = s.diff.map((d) => (d.op === "equal" ? d.text : `[${d.op} ${d.text}]`)).join(" ");
  void [s.score, s.band, s.target, s.origin.file, parts];
}
// @ts-expect-error: src and tgt are required
artifact.tmSearch(line, { src: "en" });
const concordance: ConcordanceHit[] = typed(artifact.tmConcordance("rough cut", { lang: "en", tgt: "fr" }));
for (const h of concordance) {
  void h.highlights.map(({ start, end }) => h.text.slice(start, end));
}

// info(): narrow on `kind`.
const info: Info = typed(artifact.info());
// @ts-expect-error: a memory-only artifact has no glossary counts
void info.concepts;
if (info.kind === "memory") {
  const units: number = info.memory.units;
  void units;
} else {
  const concepts: number = info.concepts;
  const units: number | undefined = info.memory?.units;
  void [concepts, units];
}
const flags: [boolean, boolean, "glossary" | "memory" | "bundle"] = [artifact.hasGlossary, artifact.hasMemory, artifact.kind];
void flags;

// Errors: Error subclasses with a code.
try {
  open(new Uint8Array(3));
} catch (e) {
  if (e instanceof ArtifactError) {
    const code: string = e.code;
    const message: string = e.message;
    void [code, message, e.class satisfies "parse" | "artifact" | "limit" | "io" | "invalid"];
  } else if (e instanceof LanguageTagError || e instanceof QueryError) {
    void e.code;
  } else if (e instanceof CrosscutError) {
    const where: string = `${e.path ?? "<input>"}:${e.line ?? 0}:${e.column ?? 0}`;
    void where;
  }
}

// Memory: free() or `using`.
{
  using scoped = open(bytes);
  void scoped.info();
}
artifact.free();
