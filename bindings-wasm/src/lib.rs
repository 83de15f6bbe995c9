//! crosscut for JavaScript: a thin wasm-bindgen layer over the core.
//!
//! Every method parses its arguments (`convert`), calls one core function and
//! converts the result; every error goes through [`error::into_error`].

mod annotate;
mod convert;
mod error;
mod lookup;

use wasm_bindgen::prelude::*;

pub use lookup::Glossary;

/// Opens a glossary artifact from its bytes.
///
/// The bytes are copied once into wasm memory; the core then reads them in
/// place. Throws a `CrosscutError` (`artifact.*`) when they are not a valid artifact.
#[wasm_bindgen(js_name = open)]
pub fn open(bytes: Vec<u8>) -> Result<Glossary, JsValue> {
    crosscut::Glossary::from_bytes(bytes).map(Glossary::from).map_err(error::into_error)
}

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** Options of `Glossary.lookup`. At most one of `fuzzy`, `prefix` and `regex`. */
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

/** Options of `Glossary.annotate`. */
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

export interface Info {
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

export interface Location {
  source?: string;
  line?: number;
  column?: number;
}

export type ErrorClass = "parse" | "artifact" | "limit" | "io" | "invalid";

/** Every error crosscut throws: an `Error` with a stable `code` such as `artifact.checksum`. */
export interface CrosscutError extends Error {
  name: "CrosscutError";
  code: string;
  class: ErrorClass;
  location?: Location;
}
"#;
