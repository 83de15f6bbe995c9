//! crosscut's own glossary source format: TOML, one `[[concept]]` per concept.
//!
//! The format is specified in `docs/source-format.md`. The reader walks a
//! spanned TOML tree so that every error, including an unknown key or a bad
//! language tag, names its file, line and column. [`write_toml`] writes the
//! same format back; `read_toml(write_toml(x))` gives back `x`.

use std::fmt::Write as _;

use toml::de::{DeArray, DeTable, DeValue};
use toml::Spanned;

use crate::error::{Error, Format, Location, Result};
use crate::lang::Lang;
use crate::model::{Closeness, Concept, Equivalent, Idiom, Register, Sensitivity, SensitivityLevel, Status, Term};
use crate::sources::{ConceptLocation, Imported, SourceName};

/// Largest source file accepted, in bytes.
pub const MAX_SOURCE_LEN: usize = 64 << 20;

type Span = std::ops::Range<usize>;

struct Ctx<'a> {
    text: &'a str,
    source: &'a SourceName,
    /// Byte offsets where lines start: a location costs a binary search and
    /// one line, not a scan from the start (which made reading quadratic).
    line_starts: Vec<usize>,
}

impl Ctx<'_> {
    fn at(&self, span: &Span) -> Location {
        self.locate(span.start)
    }

    /// The location of byte offset `pos`, as [`Location::from_offset`] gives it.
    fn locate(&self, pos: usize) -> Location {
        let mut at = pos.min(self.text.len());
        while at > 0 && !self.text.is_char_boundary(at) {
            at -= 1;
        }
        let line = self.line_starts.partition_point(|&s| s <= at).max(1);
        let start = self.line_starts.get(line - 1).copied().unwrap_or(0);
        let column = self.text.get(start..at).map_or(0, |s| s.chars().count()) as u64 + 1;
        Location { source: self.source.clone(), line: line as u64, column, byte: Some(at as u64) }
    }

    fn err(&self, span: &Span, message: impl Into<String>, fix: &str) -> Error {
        Error::invalid(Format::Toml, message, fix).at(self.locate(span.start))
    }

    fn table<'t, 'i>(&self, v: &'t Spanned<DeValue<'i>>, what: &str) -> Result<&'t DeTable<'i>> {
        match v.get_ref() {
            DeValue::Table(t) => Ok(t),
            _ => Err(self.err(&v.span(), format!("{what} must be a table"), "")),
        }
    }

    fn string(&self, v: &Spanned<DeValue<'_>>, what: &str) -> Result<String> {
        match v.get_ref() {
            DeValue::String(s) => Ok(s.to_string()),
            _ => Err(self.err(&v.span(), format!("{what} must be a string"), "quote it")),
        }
    }

    fn boolean(&self, v: &Spanned<DeValue<'_>>, what: &str) -> Result<bool> {
        match v.get_ref() {
            DeValue::Boolean(b) => Ok(*b),
            _ => Err(self.err(&v.span(), format!("{what} must be true or false"), "")),
        }
    }

    fn strings(&self, v: &Spanned<DeValue<'_>>, what: &str) -> Result<Vec<String>> {
        match v.get_ref() {
            DeValue::Array(a) => a.iter().map(|x| self.string(x, what)).collect(),
            _ => Err(self.err(&v.span(), format!("{what} must be a list of strings"), "write it as [\"…\", \"…\"]")),
        }
    }

    fn array<'t, 'i>(&self, v: &'t Spanned<DeValue<'i>>, what: &str) -> Result<&'t DeArray<'i>> {
        match v.get_ref() {
            DeValue::Array(a) => Ok(a),
            _ => Err(self.err(&v.span(), format!("{what} must be a list"), "")),
        }
    }

    fn parsed<T>(&self, v: &Spanned<DeValue<'_>>, what: &str, allowed: &str, parse: fn(&str) -> Option<T>) -> Result<T> {
        let s = self.string(v, what)?;
        parse(&s).ok_or_else(|| self.err(&v.span(), format!("unknown {what} {s:?}"), &format!("use one of: {allowed}")))
    }

    fn lang(&self, span: &Span, tag: &str) -> Result<String> {
        Lang::parse(tag)
            .map(|l| l.as_str().to_string())
            .map_err(|e| e.at(self.locate(span.start)))
    }

    /// Refuses keys outside `allowed`, so a typo never loses data silently.
    fn check_keys(&self, t: &DeTable<'_>, allowed: &[&str], what: &str) -> Result<()> {
        for (k, _) in t.iter() {
            if !allowed.contains(&k.get_ref().as_ref()) {
                return Err(self.err(
                    &k.span(),
                    format!("unknown key {:?} in {what}", k.get_ref()),
                    &format!("allowed keys: {}", allowed.join(", ")),
                ));
            }
        }
        Ok(())
    }
}

fn get<'t, 'i>(t: &'t DeTable<'i>, key: &str) -> Option<&'t Spanned<DeValue<'i>>> {
    t.get(key)
}

/// Reads a glossary source in crosscut's TOML format.
///
/// # Errors
/// `toml.syntax` for malformed TOML and `toml.invalid` for content that breaks
/// the format (unknown keys, missing ids or terms, bad values), both with
/// file, line and column; `lang.invalid` for a bad language tag;
/// `toml.encoding` when the bytes are not UTF-8.
///
/// # Example
/// ```
/// use crosscut::sources::toml::read_toml;
/// let src = r#"
/// [[concept]]
/// id = "kinship.elder-brother"
/// [concept.terms]
/// en = "elder brother"
/// zh-hans = ["哥哥", { text = "哥", register = "informal" }]
/// "#;
/// let imported = read_toml(src.as_bytes(), &Some("kinship.toml".into()))?;
/// let c = &imported.concepts[0];
/// assert_eq!(c.terms[1].lang, "zh-Hans");
/// assert_eq!(c.terms[2].status, crosscut::Status::Admitted);
/// # Ok::<(), crosscut::Error>(())
/// ```
pub fn read_toml(bytes: &[u8], source: &SourceName) -> Result<Imported> {
    if bytes.len() > MAX_SOURCE_LEN {
        return Err(Error::limit("TOML source size in bytes", MAX_SOURCE_LEN as u64));
    }
    let text = crate::sources::text::decode_unicode(bytes, Format::Toml, source)?;
    let line_starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
    let cx = Ctx { text: &text, source, line_starts };
    let doc = DeTable::parse(&text).map_err(|e| {
        let at = e.span().map_or(0, |s| s.start);
        Error::syntax(Format::Toml, e.message().trim().to_string()).at(Location::from_offset(source.clone(), &text, at))
    })?;
    let root = doc.get_ref();
    cx.check_keys(root, &["glossary", "concept"], "the file")?;
    let (mut default_domain, mut default_source) = (None, None);
    if let Some(h) = get(root, "glossary") {
        let h = cx.table(h, "[glossary]")?;
        cx.check_keys(h, &["domain", "source"], "[glossary]")?;
        default_domain = get(h, "domain").map(|v| cx.string(v, "domain")).transpose()?;
        default_source = get(h, "source").map(|v| cx.string(v, "source")).transpose()?;
    }
    let mut out = Imported::default();
    if let Some(list) = get(root, "concept") {
        for item in cx.array(list, "concept")?.iter() {
            let (mut c, location) = concept(&cx, item)?;
            out.locations.push(location);
            if c.domains.is_empty() {
                c.domains.extend(default_domain.clone());
            }
            if c.source.is_none() {
                c.source.clone_from(&default_source);
            }
            out.concepts.push(c);
        }
    }
    Ok(out)
}

const CONCEPT_KEYS: &[&str] = &[
    "id", "domains", "kinds", "definition", "cultural_note", "related", "source", "notes", "sensitivity", "idiom", "terms",
];
const TERM_KEYS: &[&str] = &[
    "text", "status", "part_of_speech", "gender", "register", "usage", "literal", "term_type", "context",
    "do_not_translate", "case_sensitive",
];

fn concept(cx: &Ctx<'_>, item: &Spanned<DeValue<'_>>) -> Result<(Concept, ConceptLocation)> {
    let t = cx.table(item, "a [[concept]]")?;
    cx.check_keys(t, CONCEPT_KEYS, "[[concept]]")?;
    let id = get(t, "id").ok_or_else(|| cx.err(&item.span(), "a [[concept]] has no id", "add id = \"domain.name\""))?;
    let id_span = id.span();
    let id = cx.string(id, "id")?;
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c)) {
        return Err(cx.err(&id_span, format!("invalid concept id {id:?}"), "use lower-case ASCII letters, digits, '.', '_' and '-'"));
    }
    let strings = |k: &str| get(t, k).map(|v| cx.string(v, k)).transpose();
    let lists = |k: &str| get(t, k).map(|v| cx.strings(v, k)).transpose().map(Option::unwrap_or_default);
    let mut c = Concept {
        id,
        domains: lists("domains")?,
        definition: strings("definition")?,
        cultural_note: strings("cultural_note")?,
        kinds: lists("kinds")?,
        related: lists("related")?,
        source: strings("source")?,
        notes: lists("notes")?,
        ..Concept::default()
    };
    if let Some(s) = get(t, "sensitivity") {
        let st = cx.table(s, "sensitivity")?;
        cx.check_keys(st, &["level", "locales", "reason"], "[concept.sensitivity]")?;
        let level = match get(st, "level") {
            Some(v) => cx.parsed(v, "sensitivity level", "low, medium, high", SensitivityLevel::parse)?,
            None => return Err(cx.err(&s.span(), "sensitivity has no level", "add level = \"low\", \"medium\" or \"high\"")),
        };
        let mut locales = Vec::new();
        if let Some(v) = get(st, "locales") {
            for l in cx.array(v, "locales")?.iter() {
                locales.push(cx.lang(&l.span(), &cx.string(l, "a locale")?)?);
            }
        }
        let reason = get(st, "reason").map(|v| cx.string(v, "reason")).transpose()?;
        c.sensitivity = Some(Sensitivity { level, locales, reason });
    }
    if let Some(i) = get(t, "idiom") {
        let it = cx.table(i, "idiom")?;
        cx.check_keys(it, &["meaning", "equivalents"], "[concept.idiom]")?;
        let mut idiom = Idiom { meaning: get(it, "meaning").map(|v| cx.string(v, "meaning")).transpose()?, ..Idiom::default() };
        if let Some(eqs) = get(it, "equivalents") {
            for e in cx.array(eqs, "equivalents")?.iter() {
                let et = cx.table(e, "an equivalent")?;
                cx.check_keys(et, &["lang", "text", "closeness", "note"], "an idiom equivalent")?;
                let lang = get(et, "lang").ok_or_else(|| cx.err(&e.span(), "an equivalent has no lang", "add lang = \"fr\""))?;
                let closeness = match get(et, "closeness") {
                    Some(v) => cx.parsed(v, "closeness", "exact, close, partial, none", Closeness::parse)?,
                    None => Closeness::default(),
                };
                idiom.equivalents.push(Equivalent {
                    lang: cx.lang(&lang.span(), &cx.string(lang, "lang")?)?,
                    text: get(et, "text").map(|v| cx.string(v, "text")).transpose()?,
                    closeness,
                    note: get(et, "note").map(|v| cx.string(v, "note")).transpose()?,
                });
            }
        }
        c.idiom = Some(idiom);
    }
    let mut term_locations = Vec::new();
    let terms = get(t, "terms").ok_or_else(|| {
        cx.err(&item.span(), format!("concept {:?} has no terms", c.id), "add a [concept.terms] table, e.g. en = \"…\"")
    })?;
    for (lang_key, value) in cx.table(terms, "terms")?.iter() {
        let lang = cx.lang(&lang_key.span(), lang_key.get_ref())?;
        let items: Vec<&Spanned<DeValue<'_>>> = match value.get_ref() {
            DeValue::Array(a) => a.iter().collect(),
            _ => vec![value],
        };
        if items.is_empty() {
            return Err(cx.err(&value.span(), format!("no {lang} terms in the list"), "remove the key or add a term"));
        }
        for (n, v) in items.into_iter().enumerate() {
            let default_status = if n == 0 { Status::Preferred } else { Status::Admitted };
            c.terms.push(term(cx, v, &lang, default_status)?);
            term_locations.push(cx.at(&v.span()));
        }
    }
    if c.terms.is_empty() {
        return Err(cx.err(&terms.span(), format!("concept {:?} has no terms", c.id), "add at least one term"));
    }
    Ok((c, ConceptLocation { concept: cx.at(&id_span), terms: term_locations }))
}

fn term(cx: &Ctx<'_>, v: &Spanned<DeValue<'_>>, lang: &str, status: Status) -> Result<Term> {
    let mut term = Term { lang: lang.to_string(), status, ..Term::default() };
    match v.get_ref() {
        DeValue::String(s) => term.text = s.to_string(),
        DeValue::Table(t) => {
            cx.check_keys(t, TERM_KEYS, "a term")?;
            let text = get(t, "text").ok_or_else(|| cx.err(&v.span(), "a term has no text", "add text = \"…\""))?;
            term.text = cx.string(text, "text")?;
            let s = |k: &str| get(t, k).map(|x| cx.string(x, k)).transpose();
            if let Some(x) = get(t, "status") {
                term.status = cx.parsed(x, "status", "preferred, admitted, deprecated, forbidden", Status::parse)?;
            }
            if let Some(x) = get(t, "register") {
                term.register =
                    Some(cx.parsed(x, "register", "honorific, formal, neutral, informal, slang, vulgar, technical", Register::parse)?);
            }
            term.part_of_speech = s("part_of_speech")?;
            term.gender = s("gender")?;
            term.usage = s("usage")?;
            term.literal = s("literal")?;
            term.term_type = s("term_type")?;
            term.context = s("context")?;
            term.do_not_translate = get(t, "do_not_translate").map(|x| cx.boolean(x, "do_not_translate")).transpose()?.unwrap_or(false);
            term.case_sensitive = get(t, "case_sensitive").map(|x| cx.boolean(x, "case_sensitive")).transpose()?.unwrap_or(false);
        }
        _ => return Err(cx.err(&v.span(), "a term must be a string or a table", "write \"text\" or { text = \"…\" }")),
    }
    if term.text.trim().is_empty() {
        return Err(cx.err(&v.span(), "a term is empty", "remove it or give it text"));
    }
    Ok(term)
}

/// Writes concepts in crosscut's TOML format.
///
/// Terms are grouped by language in order of first appearance; a status is
/// written only when it differs from the default (first term of a language
/// preferred, later ones admitted).
pub fn write_toml(concepts: &[Concept]) -> String {
    let mut o = String::new();
    for (i, c) in concepts.iter().enumerate() {
        if i > 0 {
            o.push('\n');
        }
        o.push_str("[[concept]]\n");
        kv(&mut o, "id", &q(&c.id));
        list(&mut o, "domains", &c.domains);
        list(&mut o, "kinds", &c.kinds);
        opt(&mut o, "definition", &c.definition);
        opt(&mut o, "cultural_note", &c.cultural_note);
        list(&mut o, "related", &c.related);
        opt(&mut o, "source", &c.source);
        list(&mut o, "notes", &c.notes);
        if let Some(s) = &c.sensitivity {
            o.push_str("\n[concept.sensitivity]\n");
            kv(&mut o, "level", &q(s.level.as_str()));
            list(&mut o, "locales", &s.locales);
            opt(&mut o, "reason", &s.reason);
        }
        if let Some(idiom) = &c.idiom {
            o.push_str("\n[concept.idiom]\n");
            opt(&mut o, "meaning", &idiom.meaning);
            if !idiom.equivalents.is_empty() {
                o.push_str("equivalents = [\n");
                for e in &idiom.equivalents {
                    let mut parts = vec![format!("lang = {}", q(&e.lang))];
                    if let Some(t) = &e.text {
                        parts.push(format!("text = {}", q(t)));
                    }
                    parts.push(format!("closeness = {}", q(e.closeness.as_str())));
                    if let Some(n) = &e.note {
                        parts.push(format!("note = {}", q(n)));
                    }
                    let _ = writeln!(o, "  {{ {} }},", parts.join(", "));
                }
                o.push_str("]\n");
            }
        }
        o.push_str("\n[concept.terms]\n");
        let mut langs: Vec<&str> = Vec::new();
        for t in &c.terms {
            if !langs.contains(&t.lang.as_str()) {
                langs.push(&t.lang);
            }
        }
        for lang in langs {
            let terms: Vec<String> =
                c.terms_in(lang).enumerate().map(|(n, t)| term_value(t, if n == 0 { Status::Preferred } else { Status::Admitted })).collect();
            match terms.as_slice() {
                [one] => {
                    let _ = writeln!(o, "{lang} = {one}");
                }
                many => {
                    let _ = writeln!(o, "{lang} = [");
                    for t in many {
                        let _ = writeln!(o, "  {t},");
                    }
                    o.push_str("]\n");
                }
            }
        }
    }
    o
}

fn term_value(t: &Term, default_status: Status) -> String {
    let mut parts = vec![format!("text = {}", q(&t.text))];
    if t.status != default_status {
        parts.push(format!("status = {}", q(t.status.as_str())));
    }
    for (k, v) in [
        ("part_of_speech", &t.part_of_speech),
        ("gender", &t.gender),
        ("usage", &t.usage),
        ("literal", &t.literal),
        ("term_type", &t.term_type),
        ("context", &t.context),
    ] {
        if let Some(v) = v {
            parts.push(format!("{k} = {}", q(v)));
        }
    }
    if let Some(r) = t.register {
        parts.push(format!("register = {}", q(r.as_str())));
    }
    if t.do_not_translate {
        parts.push("do_not_translate = true".into());
    }
    if t.case_sensitive {
        parts.push("case_sensitive = true".into());
    }
    if parts.len() == 1 {
        q(&t.text)
    } else {
        format!("{{ {} }}", parts.join(", "))
    }
}

fn kv(o: &mut String, k: &str, v: &str) {
    let _ = writeln!(o, "{k} = {v}");
}

fn opt(o: &mut String, k: &str, v: &Option<String>) {
    if let Some(v) = v {
        kv(o, k, &q(v));
    }
}

fn list(o: &mut String, k: &str, v: &[String]) {
    if !v.is_empty() {
        let items: Vec<String> = v.iter().map(|s| q(s)).collect();
        kv(o, k, &format!("[{}]", items.join(", ")));
    }
}

/// A TOML basic string.
fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(src: &str) -> String {
        read_toml(src.as_bytes(), &Some("g.toml".into())).expect_err(src).to_string()
    }

    #[test]
    fn errors_name_line_and_column() {
        assert_eq!(
            err("[[concept]]\nid = \"a\"\ndefinitoin = \"x\"\n[concept.terms]\nen = \"a\"\n"),
            "g.toml:3:1: unknown key \"definitoin\" in [[concept]]; allowed keys: id, domains, kinds, definition, cultural_note, related, source, notes, sensitivity, idiom, terms"
        );
        let e = err("[[concept]]\nid = \"a\"\n[concept.terms]\nenglish! = \"a\"\n");
        assert!(e.starts_with("g.toml:4:8: TOML is not well-formed"), "{e}");
        assert!(err("[[concept]]\nid = \"a\"\n[concept.terms]\nxx-123456789 = \"a\"\n").contains("invalid language tag"));
        assert!(err("[[concept]]\nid = \"a\"\n").contains("has no terms"));
        assert!(err("[[concept]]\nid = \"A b\"\n[concept.terms]\nen = \"a\"\n").starts_with("g.toml:2:6: invalid concept id"));
        assert!(err("[[concept]]\nid = \"a\"\n[concept.terms]\nen = { text = \"a\", status = \"great\" }\n")
            .contains("unknown status \"great\"; use one of: preferred, admitted, deprecated, forbidden"));
        assert!(err("[[concept]]\nid = \"a\"\n[concept.terms]\nen = \"a\n").starts_with("g.toml:4:"), "unterminated string");
    }

    #[test]
    fn defaults_apply() {
        let src = b"[glossary]\ndomain = \"kinship\"\nsource = \"ed\"\n[[concept]]\nid = \"a\"\n[concept.terms]\nen = [\"x\", \"y\"]\n";
        let c = &read_toml(src, &None).unwrap().concepts[0];
        assert_eq!(c.domains, ["kinship"]);
        assert_eq!(c.source.as_deref(), Some("ed"));
        assert_eq!((c.terms[0].status, c.terms[1].status), (Status::Preferred, Status::Admitted));
    }
}
