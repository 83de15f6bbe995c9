//! crosscut for JavaScript: a thin wasm-bindgen layer over the core.
//!
//! Every method parses its arguments (`convert`), calls one core function and
//! converts the result; every error goes through [`error::into_error`]. One
//! file per core module: `artifact` (open, info), `lookup`, `annotate`, `tm`.
//!
//! # Memory ownership
//!
//! [`open`] copies the bytes once into wasm memory (one `Vec<u8>`); the core
//! then reads them in place, without a second copy. The returned `Artifact`
//! owns that copy until `free()` is called (or `using` ends its scope, or
//! the garbage collector finalizes it). Results are plain JS objects that own
//! nothing in wasm memory.

mod annotate;
mod artifact;
mod convert;
mod error;
mod lookup;
mod tm;

use js_sys::{ArrayBuffer, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

pub use artifact::Artifact;
pub use error::{ArtifactError, CrosscutError, LanguageTagError, LimitError, ParseError, QueryError};

/// Opens an artifact (a glossary, a translation memory or a bundle) from its
/// bytes: a `Uint8Array` (a Node `Buffer` is one), an `ArrayBuffer`, or any
/// other view of one.
///
/// The bytes are copied once into wasm memory and the core reads them in
/// place. Throws an `ArtifactError` (`artifact.*`) when they are not a valid
/// artifact, and a `QueryError` when `bytes` is not binary data.
#[wasm_bindgen(js_name = open)]
pub fn open(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer | ArrayBufferView")] bytes: JsValue,
) -> Result<Artifact, JsValue> {
    let view = if let Some(view) = bytes.dyn_ref::<Uint8Array>() {
        view.clone()
    } else if let Some(buffer) = bytes.dyn_ref::<ArrayBuffer>() {
        Uint8Array::new(buffer)
    } else if ArrayBuffer::is_view(&bytes) {
        // Another typed array or a DataView: the same bytes, seen as u8.
        let get = |key: &str| js_sys::Reflect::get(&bytes, &JsValue::from_str(key)).unwrap_or_default();
        let number = |key: &str| get(key).as_f64().unwrap_or(0.0) as u32;
        Uint8Array::new_with_byte_offset_and_length(&get("buffer"), number("byteOffset"), number("byteLength"))
    } else {
        return Err(error::into_error(crosscut::Error::query(
            "open() takes the artifact's bytes: a Uint8Array or an ArrayBuffer (e.g. `await (await fetch(url)).arrayBuffer()`)",
        )));
    };
    // The one copy across the boundary: JS memory → a Vec in wasm memory,
    // which the artifact then owns and reads in place.
    let owned: Vec<u8> = view.to_vec();
    crosscut::Artifact::from_bytes(owned)
        .map(Artifact::from)
        .map_err(error::into_error)
}

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** Options of `Artifact.lookup`. At most one of `fuzzy`, `prefix` and `regex`; none is an exact lookup. */
export interface LookupOptions {
  /** BCP 47 tag of the query's language (with locale fallback); omit to match any language. */
  lang?: string;
  /** Languages whose terms are returned as `translations`, in this order. */
  to?: string[];
  /** Largest edit distance (0–2); 0 or absent is an exact lookup. */
  fuzzy?: number;
  /** Match every term starting with the query, shortest first. */
  prefix?: boolean;
  /** The query is a regular expression matching the whole (case-folded) key. */
  regex?: boolean;
  /** Only concepts in this domain (or a subdomain of it). */
  domain?: string;
  /** Only terms with one of these statuses. */
  status?: Status[];
  /** Most hits returned (default 20). */
  limit?: number;
}

export type Status = "preferred" | "admitted" | "deprecated" | "forbidden";
export type Register = "honorific" | "formal" | "neutral" | "informal" | "slang" | "vulgar" | "technical";

export interface Term {
  text: string;
  lang: string;
  status: Status;
  part_of_speech: string | null;
  gender: string | null;
  register: Register | null;
  usage: string | null;
  literal: string | null;
  term_type: string | null;
  context: string | null;
  do_not_translate: boolean;
  case_sensitive: boolean;
}

export interface Sensitivity {
  level: "low" | "medium" | "high";
  locales: string[];
  reason: string | null;
}

export interface Equivalent {
  lang: string;
  text: string | null;
  closeness: "exact" | "close" | "partial" | "none";
  note: string | null;
}

export interface Idiom {
  meaning: string | null;
  equivalents: Equivalent[];
}

export interface Concept {
  id: string;
  domains: string[];
  definition: string | null;
  cultural_note: string | null;
  kinds: string[];
  sensitivity: Sensitivity | null;
  related: string[];
  source: string | null;
  idiom: Idiom | null;
  notes: string[];
  terms: Term[];
}

export interface Hit {
  /** The matching key (normalized form of the term). */
  key: string;
  term: Term;
  concept: Concept;
  /** The concept's terms in the `to` languages, in the order asked. */
  translations: Term[];
  /** Edit distance to the query (fuzzy lookups; 0 otherwise). */
  distance: number;
}

/** Options of `Artifact.annotate` and `Artifact.annotateBatch`. */
export interface AnnotateOptions {
  /** BCP 47 tag of the text's language (with locale fallback); omit to find terms of every language. */
  lang?: string;
  /** Languages whose terms are returned as `translations` of each match. */
  to?: string[];
  /** Return overlapping matches too (default: leftmost-longest, non-overlapping). */
  overlapping?: boolean;
  /** Only terms with one of these statuses. */
  status?: Status[];
}

/** A glossary term found in a text. */
export interface Annotation {
  /** The text as it appears in the input: `input.slice(start, end)`. */
  text: string;
  /** Start, in UTF-16 code units. */
  start: number;
  /** End (exclusive), in UTF-16 code units. */
  end: number;
  /** exact: character for character; normalized: after case/width/punctuation folding; inflected: by stem. */
  how: "exact" | "normalized" | "inflected";
  status: Status;
  term: Term;
  concept: Concept;
  translations: Term[];
  /** For a deprecated or forbidden term: the terms to use instead. */
  preferred: Term[];
}

/** Where a glossary term is in a text and which one (`Artifact.findTerms`): `artifact.concept(m.concept).terms[m.term]` is the term. */
export interface TermSpan {
  /** Start, in UTF-16 code units. */
  start: number;
  /** End (exclusive), in UTF-16 code units. */
  end: number;
  /** The concept's index (`Artifact.concept(index)`). */
  concept: number;
  /** The matched term's index in the concept's `terms`. */
  term: number;
  status: Status;
  /** Only the stems matched (`how: "inflected"` in `annotate`). */
  inflected: boolean;
}

/** What a glossary holds (`info()` of a glossary or a bundle). */
export interface GlossaryInfo {
  format_version: number;
  bytes: number;
  normalization: { fold_diacritics: boolean };
  concepts: number;
  terms: number;
  idioms: number;
  notes: number;
  /** Concepts with at least one term, per language tag. */
  languages: Record<string, number>;
  /** Terms per language tag. */
  terms_per_language: Record<string, number>;
  sources: string[];
  /** Language subtags with inflection-tolerant annotate. */
  stemmed: string[];
}

/** What a translation memory holds. */
export interface MemoryInfo {
  format_version: number;
  bytes: number;
  /** Units in the artifact. */
  units: number;
  /** Units added since it was opened (always 0 here: the JS API only reads). */
  pending: number;
  /** Segments (sources and targets). */
  variants: number;
  /** Segments per language tag. */
  languages: Record<string, number>;
  sources: string[];
}

export type ArtifactKind = "glossary" | "memory" | "bundle";

/** `Artifact.info()`: narrow on `kind`. */
export type Info =
  | (GlossaryInfo & { kind: "glossary"; memory?: undefined })
  | (GlossaryInfo & { kind: "bundle"; memory: MemoryInfo })
  | { kind: "memory"; memory: MemoryInfo };

/** Options of `Artifact.tmSearch`. */
export interface TmSearchOptions {
  /** BCP 47 tag of the text (matches sources with locale fallback). */
  src: string;
  /** BCP 47 tag of the wanted translations. */
  tgt: string;
  /** Most matches returned (default 5). */
  top?: number;
  /** Lowest score returned, 0–101 (default 50). */
  minScore?: number;
  /** Only units from this origin (file or project name). */
  origin?: string;
  /** The text's context, for in-context exact matches (score 101). */
  context?: TmContext;
}

export interface TmContext {
  prev?: string | null;
  next?: string | null;
  id?: string | null;
}

export interface TmOrigin {
  file: string | null;
  project: string | null;
}

/** One part of a word diff, read as "to turn the matched source into the query". */
export interface DiffPart {
  op: "equal" | "insert" | "delete";
  text: string;
}

/** A fuzzy match from the translation memory. Inline codes appear as `{1}` … `{/1}` placeholders. */
export interface TmMatch {
  /** 0–100, or 101 for an identical source in the same context. */
  score: number;
  band: "101" | "100" | "95-99" | "85-94" | "75-84" | "50-74" | "0-49";
  /** The matched source segment. */
  source: string;
  source_lang: string;
  /** The suggested translation (repaired when `repaired`). */
  target: string;
  target_lang: string;
  /** Whether numbers or inline codes of the query were substituted into `target`. */
  repaired: boolean;
  diff: DiffPart[];
  /** The unit's id in this memory. */
  id: number;
  /** How often this translation was used. */
  count: number;
  origin: TmOrigin;
  context: { prev: string | null; next: string | null; id: string | null };
  /** Last change (ISO 8601 as in the TMX), if known. */
  changed: string | null;
}

/** Options of `Artifact.tmConcordance`. */
export interface TmConcordanceOptions {
  /** Language of the phrase: it is looked for in every segment in this language. */
  lang: string;
  /** Language of the translation shown beside each hit. */
  tgt?: string;
  /** Most hits (default 20). */
  top?: number;
  origin?: string;
}

/** A segment holding the phrase. */
export interface ConcordanceHit {
  /** Whether the phrase was found in a source (`true`) or a target. */
  in_source: boolean;
  text: string;
  /** Where the phrase is: `text.slice(start, end)`, in UTF-16 code units. */
  highlights: { start: number; end: number }[];
  /** The other side: the translation in `tgt`, or the source for a hit in a target. */
  other: string | null;
  id: number;
  origin: TmOrigin;
}

/** @deprecated The opened object is an `Artifact`; `Glossary` is its former name. */
export type Glossary = Artifact;

export interface Location {
  source?: string;
  line?: number;
  column?: number;
}

export type ErrorClass = "parse" | "artifact" | "limit" | "io" | "invalid";

/**
 * Base class of every error crosscut throws: an `Error` with `name === "CrosscutError"`
 * and a stable `code` such as `artifact.checksum`. Not constructible from JS.
 */
export class CrosscutError extends Error {
  protected constructor();
  name: "CrosscutError";
  /** Stable code, e.g. `artifact.checksum`, `lang.invalid`, `query.invalid`, `limit.exceeded`. */
  code: string;
  class: ErrorClass;
  /** Name of the input, when known. */
  path?: string;
  /** 1-based line of the input, for errors located in an input. */
  line?: number;
  /** 1-based column (in characters), for errors located in an input. */
  column?: number;
  location?: Location;
}
/** Bad input data: syntax, content, encoding (class `parse`). */
export class ParseError extends CrosscutError {}
/** A language tag that is not valid BCP 47 (`lang.invalid`). */
export class LanguageTagError extends ParseError {}
/** A truncated, foreign, too new or corrupt artifact (class `artifact`). */
export class ArtifactError extends CrosscutError {}
/** An input exceeded a documented limit (class `limit`). */
export class LimitError extends CrosscutError {}
/** An invalid query or option (class `invalid`). */
export class QueryError extends CrosscutError {}
"#;
