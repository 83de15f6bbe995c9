//! BCP 47 language tags: parsing, canonical form and locale fallback.
//!
//! Tags are parsed by ICU4X's `icu_locale_core`, which gives the canonical
//! casing (`ZH-hant-tw` → `zh-Hant-TW`). Underscores (`pt_BR`, common in CSV
//! headers and TMX files) are accepted as hyphens.
//!
//! Matching between a query language and a term's language is by
//! [`Lang::match_rank`]: the same language, compatible scripts, and the same
//! region when both name one. Chinese gets its script from the region when the
//! tag has none (`zh-TW`, `zh-HK`, `zh-MO` are Traditional, `zh-CN`, `zh-SG`,
//! `zh-MY` Simplified), so `zh-TW` and `zh-Hant-TW` are the same variant.

use std::fmt;

use icu_locale_core::Locale;

use crate::error::{Error, ErrorKind, Result};

/// A parsed, canonical BCP 47 language tag.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Lang {
    tag: String,
    language: String,
    script: Option<String>,
    region: Option<String>,
}

/// Longest tag accepted; real tags are far shorter.
const MAX_TAG_LEN: usize = 64;

impl Lang {
    /// Parses and canonicalizes a tag.
    ///
    /// # Errors
    /// [`ErrorKind::LanguageTag`] when the tag is not valid BCP 47.
    ///
    /// # Example
    /// ```
    /// use crosscut::Lang;
    /// assert_eq!(Lang::parse("ZH_hant_tw").unwrap().as_str(), "zh-Hant-TW");
    /// assert!(Lang::parse("english!").is_err());
    /// ```
    pub fn parse(tag: &str) -> Result<Lang> {
        let trimmed = tag.trim();
        let bad = |reason: &str| Error::new(ErrorKind::LanguageTag { tag: tag.to_string(), reason: reason.into() });
        if trimmed.is_empty() {
            return Err(bad("it is empty"));
        }
        if trimmed.len() > MAX_TAG_LEN {
            return Err(bad("it is longer than 64 characters"));
        }
        let cleaned = trimmed.replace('_', "-");
        let locale = Locale::try_from_str(&cleaned).map_err(|e| bad(&e.to_string()))?;
        if locale.id.language.is_unknown() {
            return Err(bad("it has no language subtag (`und`)"));
        }
        let language = locale.id.language.as_str().to_string();
        let region = locale.id.region.map(|r| r.as_str().to_string());
        let script = locale.id.script.map(|s| s.as_str().to_string());
        Ok(Lang { tag: locale.to_string(), language, script, region })
    }

    /// The canonical tag.
    pub fn as_str(&self) -> &str {
        &self.tag
    }

    /// The language subtag (`zh` for `zh-Hant-TW`).
    pub fn language(&self) -> &str {
        &self.language
    }

    /// The script subtag, as written or inferred for Chinese from the region.
    pub fn script(&self) -> Option<&str> {
        self.script.as_deref().or_else(|| implied_script(&self.language, self.region.as_deref()))
    }

    /// The region subtag, if any.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// How well a term in language `term` answers a query in `self`, or `None`
    /// when it does not.
    ///
    /// 0: the same language, script and region; 1: the term is more general
    /// (a query for `pt-BR` falls back to a `pt` term; `zh-Hant-TW` to
    /// `zh-Hant`, then `zh`); 2: the term is more specific (a query for `pt`
    /// also finds `pt-BR` and `pt-PT` terms). Lower is better.
    ///
    /// # Example
    /// ```
    /// use crosscut::Lang;
    /// let q = |s| Lang::parse(s).unwrap();
    /// assert_eq!(q("zh-TW").match_rank(&q("zh-Hant")), Some(1));
    /// assert_eq!(q("zh-TW").match_rank(&q("zh-Hant-TW")), Some(0));
    /// assert_eq!(q("zh-TW").match_rank(&q("zh-Hans")), None);
    /// assert_eq!(q("pt").match_rank(&q("pt-BR")), Some(2));
    /// assert_eq!(q("pt-BR").match_rank(&q("pt-PT")), None);
    /// ```
    pub fn match_rank(&self, term: &Lang) -> Option<u8> {
        if self.language != term.language {
            return None;
        }
        let (qs, ts) = (self.script(), term.script());
        let (qr, tr) = (self.region(), term.region());
        if let (Some(a), Some(b)) = (qs, ts) {
            if a != b {
                return None;
            }
        }
        if let (Some(a), Some(b)) = (qr, tr) {
            if a != b {
                return None;
            }
        }
        let query_detail = u8::from(qs.is_some()) + u8::from(qr.is_some());
        let term_detail = u8::from(ts.is_some()) + u8::from(tr.is_some());
        Some(match query_detail.cmp(&term_detail) {
            std::cmp::Ordering::Equal => 0,
            std::cmp::Ordering::Greater => 1,
            std::cmp::Ordering::Less => 2,
        })
    }

    /// The fallback chain from this tag to its language: `zh-TW` gives
    /// `zh-TW`, `zh-Hant-TW`, `zh-Hant`, `zh`.
    pub fn fallbacks(&self) -> Vec<String> {
        let mut out = vec![self.tag.clone()];
        let mut push = |s: String| {
            if !out.contains(&s) {
                out.push(s);
            }
        };
        let script = self.script();
        if let (Some(s), Some(r)) = (script, self.region()) {
            push(format!("{}-{s}-{r}", self.language));
        }
        if let Some(s) = script {
            push(format!("{}-{s}", self.language));
        }
        if let Some(r) = self.region() {
            push(format!("{}-{r}", self.language));
        }
        push(self.language.clone());
        out
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.tag)
    }
}

/// Parses the language options of a query: its own language (optional) and the
/// target languages.
pub(crate) fn parse_query_langs(lang: Option<&str>, to: &[String]) -> Result<(Option<Lang>, Vec<Lang>)> {
    Ok((lang.map(Lang::parse).transpose()?, to.iter().map(|t| Lang::parse(t)).collect::<Result<Vec<_>>>()?))
}

/// Script implied by the region for languages written in more than one script.
fn implied_script(language: &str, region: Option<&str>) -> Option<&'static str> {
    match (language, region?) {
        ("zh", "TW" | "HK" | "MO") => Some("Hant"),
        ("zh", "CN" | "SG" | "MY") => Some("Hans"),
        ("yue", "HK" | "MO") => Some("Hant"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(s: &str) -> Lang {
        Lang::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn canonical_forms() {
        for (input, want) in [
            ("en", "en"),
            ("EN-us", "en-US"),
            ("pt_BR", "pt-BR"),
            ("zh-hans", "zh-Hans"),
            ("zh-hant-tw", "zh-Hant-TW"),
            (" fr ", "fr"),
            ("sr-Latn-RS", "sr-Latn-RS"),
        ] {
            assert_eq!(l(input).as_str(), want, "{input}");
        }
    }

    #[test]
    fn rejects_bad_tags() {
        for bad in ["", "e", "english!", "und", "12", "en--US", &"x".repeat(100)] {
            let err = Lang::parse(bad).expect_err(bad);
            assert_eq!(err.code(), "lang.invalid", "{bad}");
        }
    }

    #[test]
    fn fallback_chains() {
        assert_eq!(l("pt-BR").fallbacks(), ["pt-BR", "pt"]);
        assert_eq!(l("zh-Hant-TW").fallbacks(), ["zh-Hant-TW", "zh-Hant", "zh-TW", "zh"]);
        assert_eq!(l("zh-TW").fallbacks(), ["zh-TW", "zh-Hant-TW", "zh-Hant", "zh"]);
        assert_eq!(l("en").fallbacks(), ["en"]);
    }

    #[test]
    fn match_ranks() {
        for (query, term, want) in [
            ("en", "en", Some(0)),
            ("en-US", "en", Some(1)),
            ("en", "en-GB", Some(2)),
            ("en-US", "en-GB", None),
            ("zh-TW", "zh-Hant", Some(1)),
            ("zh-Hant", "zh-TW", Some(2)),
            ("zh-Hant", "zh-Hans", None),
            ("zh-TW", "zh-CN", None),
            ("zh", "zh-Hans", Some(2)),
            ("fr", "de", None),
        ] {
            assert_eq!(l(query).match_rank(&l(term)), want, "{query} vs {term}");
        }
    }
}
