//! The glossary linter: checks that keep a hand-edited glossary honest.
//!
//! [`lint`] takes every source of a glossary at once (ids and references are
//! checked across files) and returns [`LintMessage`]s, each with a stable code,
//! a severity and the file, line and column of the concept or term at fault
//! (the source's own position when the reader tracks positions, as the TOML
//! reader does; otherwise the file).
//!
//! | code | severity | what |
//! |---|---|---|
//! | `lint.duplicate-id` | error | two concepts share an id |
//! | `lint.duplicate-term` | error | a concept has the same term twice in one language |
//! | `lint.conflicting-status` | error | a concept gives one term two statuses |
//! | `lint.forbidden-without-alternative` | error | a forbidden or deprecated term with no preferred or admitted term beside it |
//! | `lint.idiom-literal` | error | an idiom's non-English form has no literal gloss |
//! | `lint.idiom-equivalents` | error | an idiom lists fewer than two equivalents (a `none` equivalent counts) |
//! | `lint.sensitivity-locales` | error | a sensitivity without the locales where it applies |
//! | `lint.broken-reference` | error | `related` names a concept that does not exist |
//! | `lint.whitespace` | error | a term with leading, trailing, doubled or non-space white space |
//! | `lint.mixed-scripts` | error | a word mixing Latin with Greek or Cyrillic letters (look-alikes) |
//! | `lint.no-preferred` | warning | a language with terms, none preferred, and no usage note saying why |
//! | `lint.status-across-concepts` | warning | a term preferred in one concept and forbidden in another |
//! | `lint.apostrophes` | warning | a language mixes straight and curly apostrophes |
//! | `lint.coverage` | warning | a language most concepts have is missing from some |

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use serde::Serialize;

use crate::error::Location;
use crate::model::{Concept, Status};
use crate::normalize::Normalization;
use crate::sources::{Imported, SourceName};

/// How serious a lint message is: errors fail `crosscut lint` and `compile`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Must be fixed.
    Error,
    /// Worth a look.
    Warning,
}

/// One finding of the linter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LintMessage {
    /// Error or warning.
    pub severity: Severity,
    /// Stable code, e.g. `lint.broken-reference`.
    pub code: &'static str,
    /// Where (file:line:col when known).
    #[serde(serialize_with = "location_string")]
    pub location: Location,
    /// What is wrong and how to fix it.
    pub message: String,
}

fn location_string<S: serde::Serializer>(l: &Location, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&l.to_string())
}

impl fmt::Display for LintMessage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}: {sev}[{}]: {}", self.location, self.code, self.message)
    }
}

/// Share of concepts a language must cover before a gap in it is reported.
const COVERAGE_THRESHOLD: f64 = 0.8;

struct Entry<'a> {
    concept: &'a Concept,
    at: Location,
    terms: Vec<Location>,
}

impl Entry<'_> {
    fn term_at(&self, i: usize) -> Location {
        self.terms.get(i).cloned().unwrap_or_else(|| self.at.clone())
    }
}

/// Lints every source of one glossary together.
///
/// # Example
/// ```
/// use crosscut::lint::{lint, Severity};
/// use crosscut::sources::toml::read_toml;
/// let src = r#"
/// [[concept]]
/// id = "a"
/// related = ["missing"]
/// [concept.terms]
/// en = "term "
/// "#;
/// let name = Some("g.toml".into());
/// let messages = lint(&[(name.clone(), read_toml(src.as_bytes(), &name)?)]);
/// let codes: Vec<&str> = messages.iter().map(|m| m.code).collect();
/// assert!(codes.contains(&"lint.broken-reference"));
/// assert!(codes.contains(&"lint.whitespace"));
/// assert!(messages[0].to_string().starts_with("g.toml:"));
/// # Ok::<(), crosscut::Error>(())
/// ```
pub fn lint(sources: &[(SourceName, Imported)]) -> Vec<LintMessage> {
    let mut entries = Vec::new();
    for (name, imported) in sources {
        let file = Location { source: name.clone(), ..Location::default() };
        for (i, c) in imported.concepts.iter().enumerate() {
            let loc = imported.locations.get(i);
            entries.push(Entry {
                concept: c,
                at: loc.map_or_else(|| file.clone(), |l| l.concept.clone()),
                terms: loc.map(|l| l.terms.clone()).unwrap_or_default(),
            });
        }
    }
    let mut out = Vec::new();
    let mut push = |severity, code, location: Location, message: String| {
        out.push(LintMessage { severity, code, location, message });
    };
    let norm = Normalization::default();

    let mut ids: HashMap<&str, &Entry<'_>> = HashMap::new();
    for e in &entries {
        if let Some(first) = ids.get(e.concept.id.as_str()) {
            push(
                Severity::Error,
                "lint.duplicate-id",
                e.at.clone(),
                format!("concept id {:?} is already used at {}; ids must be unique across all files", e.concept.id, first.at),
            );
        } else {
            ids.insert(&e.concept.id, e);
        }
    }

    // (language, key) → statuses seen across concepts, for the cross-concept check.
    let mut across: HashMap<(String, String), Vec<(Status, &str)>> = HashMap::new();
    let mut apostrophes: BTreeMap<String, (usize, usize, Option<Location>)> = BTreeMap::new();
    let mut coverage: BTreeMap<String, usize> = BTreeMap::new();

    for e in &entries {
        let c = e.concept;
        let id = &c.id;
        for r in &c.related {
            if !ids.contains_key(r.as_str()) {
                push(
                    Severity::Error,
                    "lint.broken-reference",
                    e.at.clone(),
                    format!("concept {id:?} is related to {r:?}, which does not exist; fix the id or add the concept"),
                );
            }
        }
        if let Some(s) = &c.sensitivity {
            if s.locales.is_empty() {
                push(
                    Severity::Error,
                    "lint.sensitivity-locales",
                    e.at.clone(),
                    format!("concept {id:?} is sensitive but names no locales; list where it applies (e.g. locales = [\"en-US\"])"),
                );
            }
        }
        if c.is_idiom() {
            let n = c.idiom.as_ref().map_or(0, |i| i.equivalents.len());
            if n < 2 {
                push(
                    Severity::Error,
                    "lint.idiom-equivalents",
                    e.at.clone(),
                    format!("idiom {id:?} lists {n} equivalent(s); give at least two, or closeness = \"none\" with how to translate the meaning"),
                );
            }
            for (i, t) in c.terms.iter().enumerate() {
                if t.literal.is_none() && !t.lang.starts_with("en") {
                    push(
                        Severity::Error,
                        "lint.idiom-literal",
                        e.term_at(i),
                        format!("the {} form {:?} of idiom {id:?} has no literal gloss; add literal = \"word-for-word English\"", t.lang, t.text),
                    );
                }
            }
        }

        let mut seen: HashMap<(&str, String), (usize, Status)> = HashMap::new();
        let mut langs: Vec<&str> = Vec::new();
        for (i, t) in c.terms.iter().enumerate() {
            if !langs.contains(&t.lang.as_str()) {
                langs.push(&t.lang);
            }
            let key = norm.key_preserving_case(&t.text);
            match seen.get(&(t.lang.as_str(), key.clone())) {
                // Two spellings of one key (`co-op`, `co‐op`) with two statuses.
                Some(&(j, status)) if status != t.status && c.terms.get(j).is_some_and(|o| o.text != t.text) => push(
                    Severity::Error,
                    "lint.conflicting-status",
                    e.term_at(i),
                    format!("{} term {:?} of {id:?} is both {} and {}; keep one", t.lang, t.text, status.as_str(), t.status.as_str()),
                ),
                Some(_) => push(
                    Severity::Error,
                    "lint.duplicate-term",
                    e.term_at(i),
                    format!("{} term {:?} appears twice in {id:?}; remove one", t.lang, t.text),
                ),
                None => {
                    seen.insert((t.lang.as_str(), key), (i, t.status));
                }
            }
            across.entry((t.lang.clone(), norm.key(&t.text))).or_default().push((t.status, id));
            if t.text != t.text.trim() || t.text.contains("  ") || t.text.chars().any(|ch| ch.is_whitespace() && ch != ' ') {
                push(
                    Severity::Error,
                    "lint.whitespace",
                    e.term_at(i),
                    format!("{} term {:?} of {id:?} has stray white space; trim it and use single spaces", t.lang, t.text),
                );
            }
            if let Some(word) = mixed_script_word(&t.text) {
                push(
                    Severity::Error,
                    "lint.mixed-scripts",
                    e.term_at(i),
                    format!("the word {word:?} in {} term {:?} mixes Latin with Greek or Cyrillic letters; retype it in one script", t.lang, t.text),
                );
            }
            let a = apostrophes.entry(t.lang.clone()).or_default();
            if t.text.contains('\'') {
                a.0 += 1;
            }
            if t.text.contains('\u{2019}') {
                a.1 += 1;
                a.2.get_or_insert_with(|| e.term_at(i));
            }
            if matches!(t.status, Status::Forbidden | Status::Deprecated)
                && !c.terms.iter().any(|o| o.lang == t.lang && matches!(o.status, Status::Preferred | Status::Admitted))
            {
                push(
                    Severity::Error,
                    "lint.forbidden-without-alternative",
                    e.term_at(i),
                    format!("{} term {:?} of {id:?} is {} but no term beside it says what to use instead; add a preferred one", t.lang, t.text, t.status.as_str()),
                );
            }
        }
        for lang in langs {
            *coverage.entry(lang.to_string()).or_default() += 1;
            let terms: Vec<&crate::model::Term> = c.terms_in(lang).collect();
            if !terms.iter().any(|t| t.status == Status::Preferred) && !terms.iter().any(|t| t.usage.is_some()) {
                let first = c.terms.iter().position(|t| t.lang == lang).unwrap_or(0);
                push(
                    Severity::Warning,
                    "lint.no-preferred",
                    e.term_at(first),
                    format!("concept {id:?} has {lang} terms but none preferred; mark one preferred, or say in a usage note why none is"),
                );
            }
        }
    }

    let mut conflicts: Vec<_> = across
        .iter()
        .filter(|(_, v)| {
            v.iter().any(|p| p.0 == Status::Preferred && v.iter().any(|f| f.0 == Status::Forbidden && f.1 != p.1))
        })
        .collect();
    conflicts.sort_by(|a, b| a.0.cmp(b.0));
    for ((lang, key), v) in conflicts {
        let pref: Vec<&str> = v.iter().filter(|x| x.0 == Status::Preferred).map(|x| x.1).collect();
        let forb: Vec<&str> = v.iter().filter(|x| x.0 == Status::Forbidden).map(|x| x.1).collect();
        let at = forb.first().and_then(|id| ids.get(id)).map(|e| e.at.clone()).unwrap_or_default();
        push(
            Severity::Warning,
            "lint.status-across-concepts",
            at,
            format!("{lang} {key:?} is preferred in {} but forbidden in {}; check that both senses are meant", pref.join(", "), forb.join(", ")),
        );
    }
    for (lang, (straight, curly, at)) in apostrophes {
        if straight > 0 && curly > 0 {
            push(
                Severity::Warning,
                "lint.apostrophes",
                at.unwrap_or_default(),
                format!("{lang} terms use both ' ({straight}) and ’ ({curly}); pick one convention (matching treats them alike)"),
            );
        }
    }
    let total = entries.len();
    for (lang, n) in coverage {
        if total > 0 && n < total && n as f64 >= COVERAGE_THRESHOLD * total as f64 {
            let missing: Vec<&str> =
                entries.iter().filter(|e| !e.concept.terms.iter().any(|t| t.lang == lang)).map(|e| e.concept.id.as_str()).collect();
            let at = missing.first().and_then(|id| ids.get(id)).map(|e| e.at.clone()).unwrap_or_default();
            let shown: Vec<&str> = missing.iter().take(5).copied().collect();
            push(
                Severity::Warning,
                "lint.coverage",
                at,
                format!("{lang} covers {n} of {total} concepts; missing in {} (e.g. {})", missing.len(), shown.join(", ")),
            );
        }
    }
    out
}

/// The first word mixing Latin letters with Greek or Cyrillic ones, if any.
fn mixed_script_word(text: &str) -> Option<&str> {
    text.split(|c: char| !c.is_alphanumeric()).find(|w| {
        let (mut latin, mut other) = (false, false);
        for c in w.chars() {
            match c as u32 {
                0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x24F | 0x1E00..=0x1EFF => latin = true,
                0x370..=0x3FF | 0x1F00..=0x1FFF | 0x400..=0x52F => other = true,
                _ => {}
            }
        }
        latin && other
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::toml::read_toml;

    fn codes(src: &str) -> Vec<(&'static str, String)> {
        let name: SourceName = Some("g.toml".into());
        let imported = read_toml(src.as_bytes(), &name).unwrap();
        lint(&[(name, imported)]).into_iter().map(|m| (m.code, m.location.to_string())).collect()
    }

    macro_rules! lints {
        ($src:expr => [$(($code:expr, $at:expr)),* $(,)?]) => {
            assert_eq!(codes($src), vec![$(($code, $at.to_string())),*], "{}", $src);
        };
    }

    #[test]
    fn each_check() {
        lints!("[[concept]]\nid = \"a\"\n[concept.terms]\nen = \"fine\"\n" => []);
        lints!("[[concept]]\nid = \"a\"\nrelated = [\"b\"]\n[concept.terms]\nen = \"x\"\n" => [("lint.broken-reference", "g.toml:2:6")]);
        lints!("[[concept]]\nid = \"a\"\n[concept.terms]\nen = [\"x\", \"x\"]\n" => [("lint.duplicate-term", "g.toml:4:12")]);
        lints!("[[concept]]\nid = \"a\"\n[concept.terms]\nen = [\"co-op\", { text = \"co\u{2010}op\", status = \"forbidden\" }]\n" => [("lint.conflicting-status", "g.toml:4:16")]);
        lints!("[[concept]]\nid = \"a\"\n[concept.terms]\nen = { text = \"x\", status = \"forbidden\" }\n" => [
            ("lint.forbidden-without-alternative", "g.toml:4:6"), ("lint.no-preferred", "g.toml:4:6")]);
        lints!("[[concept]]\nid = \"a\"\nkinds = [\"idiom\"]\n[concept.terms]\nen = \"x\"\nfr = \"y\"\n" => [
            ("lint.idiom-equivalents", "g.toml:2:6"), ("lint.idiom-literal", "g.toml:6:6")]);
        lints!("[[concept]]\nid = \"a\"\n[concept.sensitivity]\nlevel = \"high\"\n[concept.terms]\nen = \"x\"\n" => [("lint.sensitivity-locales", "g.toml:2:6")]);
        lints!("[[concept]]\nid = \"a\"\n[concept.terms]\nen = \"two  spaces\"\n" => [("lint.whitespace", "g.toml:4:6")]);
        lints!("[[concept]]\nid = \"a\"\n[concept.terms]\nen = \"c\u{430}fe\"\n" => [("lint.mixed-scripts", "g.toml:4:6")]);
        lints!("[[concept]]\nid = \"a\"\n[concept.terms]\nen = { text = \"x\", status = \"admitted\", usage = \"unsure\" }\n" => []);
        lints!("[[concept]]\nid = \"a\"\n[concept.terms]\nfr = [\"l'a\", \"l’b\"]\n" => [("lint.apostrophes", "g.toml:4:14")]);
        lints!("[[concept]]\nid = \"a\"\n[concept.terms]\nen = \"x\"\n[[concept]]\nid = \"a\"\n[concept.terms]\nen = \"y\"\n" => [("lint.duplicate-id", "g.toml:6:6")]);
        lints!("[[concept]]\nid = \"a\"\n[concept.terms]\nen = \"x\"\n[[concept]]\nid = \"b\"\n[concept.terms]\nen = [\"y\", { text = \"x\", status = \"forbidden\" }]\n" => [("lint.status-across-concepts", "g.toml:6:6")]);
        // Japanese mixes kanji and kana, Chinese Latin and Han: neither is suspicious.
        lints!("[[concept]]\nid = \"a\"\n[concept.terms]\nja = \"お兄さん\"\nzh-Hans = \"T恤\"\n" => []);
    }
}
