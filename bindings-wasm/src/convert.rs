//! Arguments in, plain JS objects out.

use std::cell::RefCell;
use std::collections::BTreeMap;

use crosscut::artifact::Kind;
use crosscut::{
    AnnotateOptions, Annotation, Concept, ConcordanceHit, ConcordanceOptions, Context, DiffOp, Error, Hit, Info,
    LookupOptions, MatchKind, MatchMode, MemoryInfo, Origin, SearchOptions, Status, Term, TmMatch,
};
use js_sys::{Array, Number, Object};
use wasm_bindgen::{JsCast, JsValue};

/// The options object of `lookup`, as JavaScript passes it. Only the known
/// fields are read, so unknown keys (typos such as `fuzz`) are checked
/// against this list.
const OPTION_KEYS: [&str; 8] = ["lang", "to", "fuzzy", "prefix", "regex", "domain", "status", "limit"];

#[derive(Debug, Default)]
struct JsLookupOptions {
    lang: Option<String>,
    to: Option<Vec<String>>,
    fuzzy: Option<u32>,
    prefix: Option<bool>,
    regex: Option<bool>,
    domain: Option<String>,
    status: Option<Vec<String>>,
    limit: Option<usize>,
}

/// Parses the options object (`undefined` and `null` mean all defaults).
pub fn lookup_options(value: JsValue) -> Result<LookupOptions, Error> {
    let Some(object) = options_object(&value, "lookup", &OPTION_KEYS)? else {
        return Ok(LookupOptions::default());
    };
    let f = Fields { object, what: "lookup" };
    let o = JsLookupOptions {
        lang: f.string("lang")?,
        to: f.strings("to")?,
        fuzzy: f.unsigned("fuzzy", u32::MAX.into(), false)?.map(|n| n as u32),
        prefix: f.boolean("prefix")?,
        regex: f.boolean("regex")?,
        domain: f.string("domain")?,
        status: f.strings("status")?,
        limit: f.unsigned("limit", usize::MAX as u64, true)?.map(|n| n as usize),
    };
    let mode = MatchMode::from_flags(
        o.fuzzy.unwrap_or(0),
        o.prefix.unwrap_or(false),
        o.regex.unwrap_or(false),
    )?;
    let status = statuses(o.status)?;
    let defaults = LookupOptions::default();
    Ok(LookupOptions {
        lang: o.lang,
        to: o.to.unwrap_or_default(),
        mode,
        domain: o.domain,
        status,
        limit: o.limit.unwrap_or(defaults.limit),
    })
}

/// Checks that an options object has only known keys; `None` for undefined or null.
fn options_object<'a>(value: &'a JsValue, what: &str, keys: &[&str]) -> Result<Option<&'a Object>, Error> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    // Functions are instances of Object too, but not options.
    let Some(object) = value.dyn_ref::<Object>().filter(|_| value.is_object()) else {
        return Err(Error::query(format!("{what} options must be an object")));
    };
    for key in Object::keys(object).iter() {
        let key = key.as_string().unwrap_or_default();
        if !keys.contains(&key.as_str()) {
            return Err(Error::query(format!(
                "unknown {what} option {key:?}; expected one of {}",
                keys.join(", ")
            )));
        }
    }
    Ok(Some(object))
}

/// The fields of an options object, read by hand (serde-wasm-bindgen's
/// deserializer and the derived visitors cost 2.9 KB gzipped of the npm
/// module): every field is optional, `undefined` and `null` mean absent,
/// inherited properties count, and the values accepted are those
/// serde-wasm-bindgen accepted (a BigInt for a `usize`, any iterable for a list).
struct Fields<'a> {
    object: &'a Object,
    /// The method, for messages.
    what: &'static str,
}

impl Fields<'_> {
    /// The value of `key`, `None` when absent (`undefined` or `null`).
    fn get(&self, key: &str) -> Option<JsValue> {
        get(self.object, key)
    }

    /// The error for a value of the wrong type.
    fn expected(&self, key: &str, expected: &str, value: &JsValue) -> Error {
        let what = self.what;
        Error::query(format!("invalid {what} options: {key} must be {expected}, not {}", describe(value)))
    }

    fn string(&self, key: &str) -> Result<Option<String>, Error> {
        self.get(key).map(|v| v.as_string().ok_or_else(|| self.expected(key, "a string", &v))).transpose()
    }

    fn boolean(&self, key: &str) -> Result<Option<bool>, Error> {
        self.get(key).map(|v| v.as_bool().ok_or_else(|| self.expected(key, "true or false", &v))).transpose()
    }

    /// A whole number from 0 to `max`; a BigInt too when `bigint`.
    fn unsigned(&self, key: &str, max: u64, bigint: bool) -> Result<Option<u64>, Error> {
        let Some(v) = self.get(key) else {
            return Ok(None);
        };
        let n = if v.is_bigint() && bigint {
            u64::try_from(v.clone()).ok()
        } else if Number::is_safe_integer(&v) {
            // A safe integer converts exactly; -0 is 0.
            v.as_f64().filter(|&f| f >= 0.0).map(|f| f as u64)
        } else {
            None
        };
        match n {
            Some(n) if n <= max => Ok(Some(n)),
            _ => Err(self.expected(key, &format!("a whole number from 0 to {max}"), &v)),
        }
    }

    /// An array of strings, or any other iterable object of strings.
    fn strings(&self, key: &str) -> Result<Option<Vec<String>>, Error> {
        let Some(v) = self.get(key) else {
            return Ok(None);
        };
        let bad = |item: &JsValue| self.expected(key, "an array of strings", item);
        let items: Vec<JsValue> = if let Some(array) = v.dyn_ref::<Array>() {
            array.iter().collect()
        } else if v.is_object() || v.is_function() {
            match js_sys::try_iter(&v) {
                Ok(Some(iter)) => iter.collect::<Result<_, _>>().map_err(|e| bad(&e))?,
                Ok(None) => return Err(bad(&v)),
                Err(e) => return Err(bad(&e)),
            }
        } else {
            return Err(bad(&v));
        };
        items.iter().map(|item| item.as_string().ok_or_else(|| bad(item))).collect::<Result<_, _>>().map(Some)
    }

    /// `{ prev, next, id }`, each an optional string; other keys are ignored.
    fn context(&self, key: &str) -> Result<Option<Context>, Error> {
        let Some(v) = self.get(key) else {
            return Ok(None);
        };
        // Any object, even one without a prototype.
        if !v.is_object() {
            return Err(self.expected(key, "an object { prev, next, id } of strings", &v));
        }
        let object = v.unchecked_ref::<Object>();
        let part = |name: &str| match get(object, name) {
            None => Ok(None),
            Some(p) => p.as_string().map(Some).ok_or_else(|| self.expected(&format!("{key}.{name}"), "a string", &p)),
        };
        Ok(Some(Context { prev: part("prev")?, next: part("next")?, id: part("id")? }))
    }
}

/// `object[key]`, `None` when `undefined` or `null`.
fn get(object: &Object, key: &str) -> Option<JsValue> {
    let value = object.unchecked_ref::<Indexable>().get(&JsValue::from_str(key));
    (!value.is_undefined() && !value.is_null()).then_some(value)
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// Any object, read with `object[key]` (a getter that throws throws to the
    /// caller) and written with `object[key] = value`.
    type Indexable;

    #[wasm_bindgen(method, indexing_getter)]
    fn get(this: &Indexable, key: &JsValue) -> JsValue;

    #[wasm_bindgen(method, indexing_setter)]
    fn set(this: &Indexable, key: &JsValue, value: &JsValue);
}

/// A value for a message, as `JsValue`'s `Debug` shows it (strings quoted),
/// without the `JsValue(…)` around it.
fn describe(value: &JsValue) -> String {
    let debug = format!("{value:?}");
    match debug.strip_prefix("JsValue(").and_then(|d| d.strip_suffix(')')) {
        Some(inner) => inner.to_string(),
        None => debug,
    }
}

const ANNOTATE_KEYS: [&str; 4] = ["lang", "to", "overlapping", "status"];

/// Parses the options object of `annotate` (and of `findTerms`).
pub fn annotate_options(value: JsValue) -> Result<AnnotateOptions, Error> {
    let Some(object) = options_object(&value, "annotate", &ANNOTATE_KEYS)? else {
        return Ok(AnnotateOptions::default());
    };
    let f = Fields { object, what: "annotate" };
    Ok(AnnotateOptions {
        lang: f.string("lang")?,
        to: f.strings("to")?.unwrap_or_default(),
        overlapping: f.boolean("overlapping")?.unwrap_or(false),
        status: statuses(f.strings("status")?)?,
    })
}

/// Statuses by name (`"preferred"`, …); none when absent.
fn statuses(names: Option<Vec<String>>) -> Result<Vec<Status>, Error> {
    names.unwrap_or_default().iter().map(|s| Status::from_name(s)).collect()
}

/// The name of an artifact kind, as `Artifact.kind` and `info().kind` give it.
pub fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Glossary => "glossary",
        Kind::Memory => "memory",
        Kind::Bundle => "bundle",
    }
}

const SEARCH_KEYS: [&str; 6] = ["src", "tgt", "top", "minScore", "origin", "context"];

#[derive(Debug, Default)]
struct JsSearchOptions {
    src: Option<String>,
    tgt: Option<String>,
    top: Option<usize>,
    min_score: Option<u8>,
    origin: Option<String>,
    context: Option<Context>,
}

/// Parses the options of `tmSearch`; `src` and `tgt` are required.
pub fn search_options(value: JsValue) -> Result<SearchOptions, Error> {
    let o = match options_object(&value, "tmSearch", &SEARCH_KEYS)? {
        None => JsSearchOptions::default(),
        Some(object) => {
            let f = Fields { object, what: "tmSearch" };
            JsSearchOptions {
                src: f.string("src")?,
                tgt: f.string("tgt")?,
                top: f.unsigned("top", usize::MAX as u64, true)?.map(|n| n as usize),
                min_score: f.unsigned("minScore", u8::MAX.into(), false)?.map(|n| n as u8),
                origin: f.string("origin")?,
                context: f.context("context")?,
            }
        }
    };
    let (Some(src), Some(tgt)) = (o.src, o.tgt) else {
        return Err(Error::query(
            "tmSearch needs the languages of the text and of the translations: { src: \"en\", tgt: \"fr\" }",
        ));
    };
    let mut options = SearchOptions::new(src, tgt);
    if let Some(top) = o.top {
        options = options.top(top);
    }
    if let Some(min_score) = o.min_score {
        if min_score > 101 {
            return Err(Error::query(format!("minScore is 0–101, not {min_score}")));
        }
        options = options.min_score(min_score);
    }
    if let Some(origin) = o.origin {
        options = options.origin(origin);
    }
    if let Some(context) = o.context {
        options = options.context(context);
    }
    Ok(options)
}

const CONCORDANCE_KEYS: [&str; 4] = ["lang", "tgt", "top", "origin"];

#[derive(Debug, Default)]
struct JsConcordanceOptions {
    lang: Option<String>,
    tgt: Option<String>,
    top: Option<usize>,
    origin: Option<String>,
}

/// Parses the options of `tmConcordance`; `lang` is required.
pub fn concordance_options(value: JsValue) -> Result<ConcordanceOptions, Error> {
    let o = match options_object(&value, "tmConcordance", &CONCORDANCE_KEYS)? {
        None => JsConcordanceOptions::default(),
        Some(object) => {
            let f = Fields { object, what: "tmConcordance" };
            JsConcordanceOptions {
                lang: f.string("lang")?,
                tgt: f.string("tgt")?,
                top: f.unsigned("top", usize::MAX as u64, true)?.map(|n| n as usize),
                origin: f.string("origin")?,
            }
        }
    };
    let Some(lang) = o.lang else {
        return Err(Error::query(
            "tmConcordance needs the language of the phrase: { lang: \"en\" }",
        ));
    };
    let mut options = ConcordanceOptions::new(lang);
    if let Some(tgt) = o.tgt {
        options = options.tgt(tgt);
    }
    if let Some(top) = o.top {
        options.top = top;
    }
    options.origin = o.origin;
    Ok(options)
}

// Results are built as plain objects by hand, field by field in the order
// (and with the names and values) serde-wasm-bindgen's `json_compatible`
// serializer gave them: absent values `null`, numbers for integers, enums by
// their lower-case names.

/// A plain object under construction.
struct Obj(Object);

impl Obj {
    fn new() -> Obj {
        Obj(Object::new())
    }

    /// Sets a field; its name is made a JS string once (results repeat the
    /// same few dozen names, as serde-wasm-bindgen's cache knew).
    fn set(&self, key: &'static str, value: JsValue) {
        thread_local! {
            static NAMES: RefCell<Vec<(&'static str, JsValue)>> = const { RefCell::new(Vec::new()) };
        }
        let object = self.0.unchecked_ref::<Indexable>();
        NAMES.with_borrow_mut(|names| {
            let at = names.iter().position(|(name, _)| std::ptr::eq(*name, key));
            let at = at.unwrap_or_else(|| {
                names.push((key, JsValue::from_str(key)));
                names.len() - 1
            });
            if let Some((_, name)) = names.get(at) {
                object.set(name, &value);
            }
        });
    }

    /// Sets a field whose name is data (a language in a count by language).
    fn set_named(&self, key: &str, value: JsValue) {
        self.0.unchecked_ref::<Indexable>().set(&JsValue::from_str(key), &value);
    }

    fn done(self) -> JsValue {
        self.0.into()
    }
}

fn string(s: &str) -> JsValue {
    JsValue::from_str(s)
}

fn opt_string(s: Option<&str>) -> JsValue {
    s.map_or(JsValue::NULL, JsValue::from_str)
}

fn number(n: u32) -> JsValue {
    JsValue::from_f64(f64::from(n))
}

/// A `usize` (an offset in a string: well below 2^53).
fn index(n: usize) -> JsValue {
    JsValue::from_f64(n as f64)
}

/// A `u64`, refused above 2^53 - 1 as serde-wasm-bindgen refused it.
fn big(n: u64) -> Result<JsValue, Error> {
    if n > Number::MAX_SAFE_INTEGER as u64 {
        return Err(Error::query(format!(
            "cannot convert the result to JavaScript: {n} can't be represented as a JavaScript number"
        )));
    }
    Ok(JsValue::from_f64(n as f64))
}

fn array<T>(items: &[T], one: impl Fn(&T) -> JsValue) -> JsValue {
    let out = Array::new();
    for item in items {
        out.push(&one(item));
    }
    out.into()
}

fn strings(items: &[String]) -> JsValue {
    array(items, |s| string(s))
}

fn term(t: &Term) -> JsValue {
    let o = Obj::new();
    o.set("text", string(&t.text));
    o.set("lang", string(&t.lang));
    o.set("status", string(t.status.as_str()));
    o.set("part_of_speech", opt_string(t.part_of_speech.as_deref()));
    o.set("gender", opt_string(t.gender.as_deref()));
    o.set("register", opt_string(t.register.map(|r| r.as_str())));
    o.set("usage", opt_string(t.usage.as_deref()));
    o.set("literal", opt_string(t.literal.as_deref()));
    o.set("term_type", opt_string(t.term_type.as_deref()));
    o.set("context", opt_string(t.context.as_deref()));
    o.set("do_not_translate", JsValue::from_bool(t.do_not_translate));
    o.set("case_sensitive", JsValue::from_bool(t.case_sensitive));
    o.done()
}

fn terms(items: &[Term]) -> JsValue {
    array(items, term)
}

/// A concept (also `Artifact.concept(index)`'s result).
pub fn concept(c: &Concept) -> JsValue {
    let o = Obj::new();
    o.set("id", string(&c.id));
    o.set("domains", strings(&c.domains));
    o.set("definition", opt_string(c.definition.as_deref()));
    o.set("cultural_note", opt_string(c.cultural_note.as_deref()));
    o.set("kinds", strings(&c.kinds));
    let sensitivity = c.sensitivity.as_ref().map_or(JsValue::NULL, |s| {
        let o = Obj::new();
        o.set("level", string(s.level.as_str()));
        o.set("locales", strings(&s.locales));
        o.set("reason", opt_string(s.reason.as_deref()));
        o.done()
    });
    o.set("sensitivity", sensitivity);
    o.set("related", strings(&c.related));
    o.set("source", opt_string(c.source.as_deref()));
    let idiom = c.idiom.as_ref().map_or(JsValue::NULL, |i| {
        let o = Obj::new();
        o.set("meaning", opt_string(i.meaning.as_deref()));
        let equivalents = array(&i.equivalents, |e| {
            let o = Obj::new();
            o.set("lang", string(&e.lang));
            o.set("text", opt_string(e.text.as_deref()));
            o.set("closeness", string(e.closeness.as_str()));
            o.set("note", opt_string(e.note.as_deref()));
            o.done()
        });
        o.set("equivalents", equivalents);
        o.done()
    });
    o.set("idiom", idiom);
    o.set("notes", strings(&c.notes));
    o.set("terms", terms(&c.terms));
    o.done()
}

/// `lookup`'s hits.
pub fn hits(found: &[Hit]) -> JsValue {
    array(found, |h| {
        let o = Obj::new();
        o.set("key", string(&h.key));
        o.set("term", term(&h.term));
        o.set("concept", concept(&h.concept));
        o.set("translations", terms(&h.translations));
        o.set("distance", number(h.distance));
        o.done()
    })
}

fn match_kind(how: MatchKind) -> &'static str {
    match how {
        MatchKind::Exact => "exact",
        MatchKind::Normalized => "normalized",
        MatchKind::Inflected => "inflected",
    }
}

/// `annotate`'s matches: offsets in UTF-16 code units, so
/// `text.slice(start, end)` is the match.
pub fn annotations(found: &[Annotation]) -> JsValue {
    array(found, |a| {
        let o = Obj::new();
        o.set("text", string(&a.text));
        o.set("start", index(a.span.start_utf16));
        o.set("end", index(a.span.end_utf16));
        o.set("how", string(match_kind(a.how)));
        o.set("status", string(a.status.as_str()));
        o.set("term", term(&a.term));
        o.set("concept", concept(&a.concept));
        o.set("translations", terms(&a.translations));
        o.set("preferred", terms(&a.preferred));
        o.done()
    })
}

/// `annotateBatch`'s matches, one array per text.
pub fn annotation_lines(found: &[Vec<Annotation>]) -> JsValue {
    array(found, |line| annotations(line))
}

/// `findTerms`'s matches: offsets in UTF-16 code units, the concept's and the
/// term's index.
pub fn term_spans(found: &[crosscut::TermSpan]) -> JsValue {
    array(found, |t| {
        let o = Obj::new();
        o.set("start", index(t.span.start_utf16));
        o.set("end", index(t.span.end_utf16));
        o.set("concept", number(t.concept));
        o.set("term", number(t.term));
        o.set("status", string(t.status.as_str()));
        o.set("inflected", JsValue::from_bool(t.inflected));
        o.done()
    })
}

/// `findTermsBatch`'s matches, one array per text.
pub fn term_span_lines(found: &[Vec<crosscut::TermSpan>]) -> JsValue {
    array(found, |line| term_spans(line))
}

fn origin(origin: &Origin) -> JsValue {
    let o = Obj::new();
    o.set("file", opt_string(origin.file.as_deref()));
    o.set("project", opt_string(origin.project.as_deref()));
    o.done()
}

/// Translation-memory matches: plain strings (inline codes as placeholders),
/// the fields of the CLI's `tm search --json`.
pub fn tm_matches(found: &[TmMatch]) -> JsValue {
    array(found, |m| {
        let o = Obj::new();
        o.set("score", number(m.score.into()));
        o.set("band", string(m.band.as_str()));
        o.set("source", string(&m.source.plain()));
        o.set("source_lang", string(&m.unit.source.lang));
        o.set("target", string(&m.target.segment.plain()));
        o.set("target_lang", string(&m.target.lang));
        o.set("repaired", JsValue::from_bool(m.repaired));
        let diff = array(&m.diff, |d| {
            let o = Obj::new();
            let op = match d.op {
                DiffOp::Equal => "equal",
                DiffOp::Insert => "insert",
                DiffOp::Delete => "delete",
            };
            o.set("op", string(op));
            o.set("text", string(&d.text));
            o.done()
        });
        o.set("diff", diff);
        o.set("id", number(m.id));
        o.set("count", number(m.target.count));
        o.set("origin", origin(&m.unit.origin));
        let context = &m.unit.context;
        let c = Obj::new();
        c.set("prev", opt_string(context.prev.as_deref()));
        c.set("next", opt_string(context.next.as_deref()));
        c.set("id", opt_string(context.id.as_deref()));
        o.set("context", c.done());
        o.set("changed", opt_string(m.target.changed.as_deref().or(m.unit.changed.as_deref())));
        o.done()
    })
}

/// Concordance hits, their highlights in UTF-16 code units.
pub fn concordance_hits(found: &[ConcordanceHit]) -> JsValue {
    array(found, |h| {
        let o = Obj::new();
        o.set("in_source", JsValue::from_bool(h.in_source));
        o.set("text", string(&h.text));
        let highlights = array(&crosscut::span::spans_for(&h.text, &h.highlights), |s| {
            let o = Obj::new();
            o.set("start", index(s.start_utf16));
            o.set("end", index(s.end_utf16));
            o.done()
        });
        o.set("highlights", highlights);
        o.set("other", opt_string(h.other.as_deref()));
        o.set("id", number(h.id));
        o.set("origin", origin(&h.unit.origin));
        o.done()
    })
}

/// Counts by language, as an object.
fn counts(counts: &BTreeMap<String, u64>) -> Result<JsValue, Error> {
    let o = Obj::new();
    for (key, &n) in counts {
        o.set_named(key, big(n)?);
    }
    Ok(o.done())
}

/// `Artifact.info()`: the glossary's info at the top level (when there is a
/// glossary), the memory's under `memory` (when there is one).
pub fn info(kind: Kind, glossary: Option<&Info>, memory: Option<&MemoryInfo>) -> Result<JsValue, Error> {
    let o = Obj::new();
    o.set("kind", string(kind_name(kind)));
    if let Some(g) = glossary {
        o.set("format_version", number(g.format_version.into()));
        o.set("bytes", big(g.bytes)?);
        let n = Obj::new();
        n.set("fold_diacritics", JsValue::from_bool(g.normalization.fold_diacritics));
        o.set("normalization", n.done());
        o.set("concepts", number(g.concepts));
        o.set("terms", big(g.terms)?);
        o.set("idioms", number(g.idioms));
        o.set("notes", number(g.notes));
        let languages = Obj::new();
        for (key, &n) in &g.languages {
            languages.set_named(key, number(n));
        }
        o.set("languages", languages.done());
        o.set("terms_per_language", counts(&g.terms_per_language)?);
        o.set("sources", strings(&g.sources));
        o.set("stemmed", strings(&g.stemmed));
    }
    if let Some(m) = memory {
        let mo = Obj::new();
        mo.set("format_version", number(m.format_version.into()));
        mo.set("bytes", big(m.bytes)?);
        mo.set("units", number(m.units));
        mo.set("pending", number(m.pending));
        mo.set("variants", big(m.variants)?);
        mo.set("languages", counts(&m.languages)?);
        mo.set("sources", strings(&m.sources));
        o.set("memory", mo.done());
    }
    Ok(o.done())
}
