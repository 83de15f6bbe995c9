//! The concept model: plain data, no I/O.
//!
//! It follows the concept orientation of TBX (ISO 30042): a [`Concept`] is one
//! meaning, and carries [`Term`]s in many languages, several per language. Every
//! importer produces these types, the compiler stores them, and every lookup
//! returns them, so an import loses nothing that the model can hold.
//!
//! The types are serialized with `bincode` inside an artifact, so no field is
//! ever skipped during serialization: optional data is `Option` or an empty `Vec`.

use serde::{Deserialize, Serialize};

/// One meaning, with its terms in every language and what a translator must know.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Concept {
    /// Stable identifier, unique within a glossary (e.g. `kinship.elder-brother`).
    pub id: String,
    /// Subject domains (e.g. `kinship`, `film.production`).
    pub domains: Vec<String>,
    /// Definition, in English unless the source says otherwise.
    pub definition: Option<String>,
    /// What a translator from another culture must know about this concept.
    pub cultural_note: Option<String>,
    /// Kind tags: `idiom`, `honorific`, `kinship`, `address`, `food`, `ritual`,
    /// `gesture`, `taboo`, `slang`, `title`, … (free vocabulary, lower case).
    pub kinds: Vec<String>,
    /// How and where the concept is sensitive, if it is.
    pub sensitivity: Option<Sensitivity>,
    /// Ids of related concepts.
    pub related: Vec<String>,
    /// Source or attribution of the entry.
    pub source: Option<String>,
    /// Idiom data, present when the concept is an idiom.
    pub idiom: Option<Idiom>,
    /// Further notes that fit nowhere else (e.g. TBX `note` on the entry).
    pub notes: Vec<String>,
    /// Terms in every language; several per language are allowed.
    pub terms: Vec<Term>,
}

/// A designation of a concept in one language.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Term {
    /// The term as written (NFC).
    pub text: String,
    /// Canonical BCP 47 language tag (see [`crate::Lang`]).
    pub lang: String,
    /// Usage status.
    pub status: Status,
    /// Part of speech (`noun`, `verb`, `adjective`, `phrase`, …).
    pub part_of_speech: Option<String>,
    /// Grammatical gender (`masculine`, `feminine`, `neuter`, `other`).
    pub gender: Option<String>,
    /// Register.
    pub register: Option<Register>,
    /// Usage note for this term.
    pub usage: Option<String>,
    /// Literal, word-for-word gloss in English (idioms, honorifics).
    pub literal: Option<String>,
    /// Term type from TBX (`fullForm`, `abbreviation`, `acronym`, …).
    pub term_type: Option<String>,
    /// An example of use in context.
    pub context: Option<String>,
    /// Do not translate: the term must appear unchanged in a translation.
    pub do_not_translate: bool,
    /// Match the case exactly ("May" the name, not the verb "may").
    pub case_sensitive: bool,
}

/// Usage status of a term (TBX `administrativeStatus` / `usageStatus`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The term to use.
    Preferred,
    /// Acceptable, but not the first choice.
    #[default]
    Admitted,
    /// Outdated or discouraged; use the preferred term instead.
    Deprecated,
    /// Must not be used (offensive, legally wrong, a client's ban).
    Forbidden,
}

impl Status {
    /// All statuses, in order of preference.
    pub const ALL: [Status; 4] = [Status::Preferred, Status::Admitted, Status::Deprecated, Status::Forbidden];

    /// The lower-case name used in sources, JSON and every binding.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Preferred => "preferred",
            Status::Admitted => "admitted",
            Status::Deprecated => "deprecated",
            Status::Forbidden => "forbidden",
        }
    }

    /// Parses a status name given by a user, with an error that lists the valid ones.
    ///
    /// # Errors
    /// `query.invalid` for an unknown name.
    pub fn from_name(name: &str) -> crate::Result<Status> {
        Status::parse(name).ok_or_else(|| {
            crate::Error::query(format!("unknown status {name:?}; use preferred, admitted, deprecated or forbidden"))
        })
    }

    /// Parses a status name, including the TBX picklist values
    /// (`preferredTerm-admn-sts`, `superseded`, `notRecommended`, …).
    pub fn parse(s: &str) -> Option<Status> {
        let s = s.trim();
        let lower = s.to_ascii_lowercase();
        let base = lower.strip_suffix("-admn-sts").unwrap_or(&lower);
        Some(match base {
            "preferred" | "preferredterm" => Status::Preferred,
            "admitted" | "admittedterm" | "permitted" => Status::Admitted,
            "deprecated" | "deprecatedterm" | "superseded" | "supersededterm" | "notrecommended" | "obsolete" => {
                Status::Deprecated
            }
            "forbidden" | "prohibited" => Status::Forbidden,
            _ => return None,
        })
    }
}

/// Register (level of formality) of a term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Register {
    /// Ceremonious, elevated (e.g. Japanese sonkeigo).
    Honorific,
    /// Formal.
    Formal,
    /// Neutral.
    Neutral,
    /// Informal, colloquial.
    Informal,
    /// Slang.
    Slang,
    /// Vulgar.
    Vulgar,
    /// Technical jargon.
    Technical,
}

impl Register {
    /// All registers.
    pub const ALL: [Register; 7] = [
        Register::Honorific,
        Register::Formal,
        Register::Neutral,
        Register::Informal,
        Register::Slang,
        Register::Vulgar,
        Register::Technical,
    ];

    /// The lower-case name used in sources, JSON and every binding.
    pub fn as_str(self) -> &'static str {
        match self {
            Register::Honorific => "honorific",
            Register::Formal => "formal",
            Register::Neutral => "neutral",
            Register::Informal => "informal",
            Register::Slang => "slang",
            Register::Vulgar => "vulgar",
            Register::Technical => "technical",
        }
    }

    /// Parses a register name (also the TBX `register` picklist: `neutralRegister`, …).
    pub fn parse(s: &str) -> Option<Register> {
        let lower = s.trim().to_ascii_lowercase();
        let base = lower.strip_suffix("register").unwrap_or(&lower);
        Register::ALL.into_iter().find(|r| r.as_str() == base).or(match base {
            "colloquial" => Some(Register::Informal),
            "in-house" | "technical-register" => Some(Register::Technical),
            _ => None,
        })
    }
}

/// Why and where a concept is sensitive.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Sensitivity {
    /// How careful a translator must be.
    pub level: SensitivityLevel,
    /// Canonical language or locale tags where the sensitivity applies; empty means everywhere.
    pub locales: Vec<String>,
    /// Why it is sensitive.
    pub reason: Option<String>,
}

/// Sensitivity level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SensitivityLevel {
    /// Worth a second look.
    #[default]
    Low,
    /// Likely to offend some audiences.
    Medium,
    /// Offensive or dangerous in the listed locales.
    High,
}

impl SensitivityLevel {
    /// The lower-case name used in sources and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            SensitivityLevel::Low => "low",
            SensitivityLevel::Medium => "medium",
            SensitivityLevel::High => "high",
        }
    }

    /// Parses `low`, `medium` or `high`.
    pub fn parse(s: &str) -> Option<SensitivityLevel> {
        match s.trim().to_ascii_lowercase().as_str() {
            "low" => Some(SensitivityLevel::Low),
            "medium" => Some(SensitivityLevel::Medium),
            "high" => Some(SensitivityLevel::High),
            _ => None,
        }
    }
}

/// What makes a concept an idiom: its meaning and its equivalents elsewhere.
///
/// The literal gloss of each form lives on its [`Term::literal`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Idiom {
    /// What the idiom means, in plain words.
    pub meaning: Option<String>,
    /// Equivalent idioms (or the lack of one) in other languages.
    pub equivalents: Vec<Equivalent>,
}

/// An equivalent idiom in another language, with how close it is.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Equivalent {
    /// Canonical language tag.
    pub lang: String,
    /// The equivalent expression; `None` when there is no equivalent.
    pub text: Option<String>,
    /// How close the equivalent is.
    pub closeness: Closeness,
    /// A note on the difference, or on how to translate when there is none.
    pub note: Option<String>,
}

/// How close an idiom equivalent is to the original.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Closeness {
    /// Same meaning and same image.
    Exact,
    /// Same meaning, different image.
    #[default]
    Close,
    /// Overlapping meaning only; check the context.
    Partial,
    /// No equivalent: translate the meaning.
    None,
}

impl Closeness {
    /// The lower-case name used in sources and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Closeness::Exact => "exact",
            Closeness::Close => "close",
            Closeness::Partial => "partial",
            Closeness::None => "none",
        }
    }

    /// Parses `exact`, `close`, `partial` or `none`.
    pub fn parse(s: &str) -> Option<Closeness> {
        match s.trim().to_ascii_lowercase().as_str() {
            "exact" => Some(Closeness::Exact),
            "close" => Some(Closeness::Close),
            "partial" => Some(Closeness::Partial),
            "none" => Some(Closeness::None),
            _ => None,
        }
    }
}

impl Concept {
    /// Whether the concept is an idiom (it has idiom data or the `idiom` kind).
    pub fn is_idiom(&self) -> bool {
        self.idiom.is_some() || self.kinds.iter().any(|k| k == "idiom")
    }

    /// The terms in one language (exact tag match), in source order.
    pub fn terms_in<'a>(&'a self, lang: &'a str) -> impl Iterator<Item = &'a Term> + 'a {
        self.terms.iter().filter(move |t| t.lang == lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_parses_tbx_picklists() {
        for (input, want) in [
            ("preferred", Some(Status::Preferred)),
            ("preferredTerm-admn-sts", Some(Status::Preferred)),
            ("admittedTerm-admn-sts", Some(Status::Admitted)),
            ("deprecatedTerm-admn-sts", Some(Status::Deprecated)),
            ("supersededTerm-admn-sts", Some(Status::Deprecated)),
            ("notRecommended", Some(Status::Deprecated)),
            ("Forbidden", Some(Status::Forbidden)),
            ("maybe", None),
        ] {
            assert_eq!(Status::parse(input), want, "{input}");
        }
    }

    #[test]
    fn names_round_trip() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
        for r in Register::ALL {
            assert_eq!(Register::parse(r.as_str()), Some(r));
        }
        assert_eq!(Register::parse("neutralRegister"), Some(Register::Neutral));
        for c in [Closeness::Exact, Closeness::Close, Closeness::Partial, Closeness::None] {
            assert_eq!(Closeness::parse(c.as_str()), Some(c));
        }
    }

    #[test]
    fn serde_names_are_the_lower_case_names() {
        fn json<T: Serialize>(v: &T) -> String {
            serde_json::to_string(v).unwrap_or_default()
        }
        for s in Status::ALL {
            assert_eq!(json(&s), format!("\"{}\"", s.as_str()));
        }
        for r in Register::ALL {
            assert_eq!(json(&r), format!("\"{}\"", r.as_str()));
        }
        for l in [SensitivityLevel::Low, SensitivityLevel::Medium, SensitivityLevel::High] {
            assert_eq!(json(&l), format!("\"{}\"", l.as_str()));
        }
        for c in [Closeness::Exact, Closeness::Close, Closeness::Partial, Closeness::None] {
            assert_eq!(json(&c), format!("\"{}\"", c.as_str()));
        }
    }
}
