//! What `check` enforces: rule severities and subtitle limits, with per-language
//! defaults and a small TOML config file.
//!
//! ```toml
//! [rules]
//! min-gap = "off"             # switch a rule off
//! term-missing = "warning"    # or change its severity: "error", "warning", "info"
//!
//! [limits]                    # override the target language's defaults
//! max_cps = 15
//! max_line_width = 40
//! count_spaces = false
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Rule, Severity};
use crate::error::{Error, Format, Location, Result};

/// Subtitle limits for one target language.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Limits {
    /// Highest reading speed, in characters per second.
    pub max_cps: f64,
    /// Widest line, in columns: a character is one column, a CJK full-width one two.
    pub max_line_width: usize,
    /// Most lines in a cue.
    pub max_lines: usize,
    /// Shortest duration, in milliseconds.
    pub min_duration_ms: u64,
    /// Longest duration, in milliseconds.
    pub max_duration_ms: u64,
    /// Smallest gap between consecutive cues, in milliseconds.
    pub min_gap_ms: u64,
    /// Whether spaces count toward reading speed.
    pub count_spaces: bool,
    /// Where the defaults come from.
    pub basis: &'static str,
}

impl Limits {
    /// The defaults for a target language (its primary subtag), after the
    /// Netflix Timed Text Style Guides, the most widely used streaming guides.
    ///
    /// | language | max cps | max line width (columns) | basis |
    /// |---|---:|---:|---|
    /// | en | 20 | 42 | English guide (adult programs) |
    /// | ja | 4 | 26 (13 full-width) | Japanese guide |
    /// | ko | 12 | 32 (16 full-width) | Korean guide |
    /// | zh | 9 | 32 (16 full-width) | Chinese (Simplified and Traditional) guides |
    /// | other | 17 | 42 | most European-language guides |
    ///
    /// All languages: 2 lines, 5/6 s to 7 s, a gap of 2 frames at 24 fps (83 ms).
    ///
    /// # Example
    /// ```
    /// use crosscut::check::Limits;
    /// assert_eq!(Limits::for_language("en-GB").max_cps, 20.0);
    /// assert_eq!(Limits::for_language("zh-Hant").max_line_width, 32);
    /// ```
    pub fn for_language(tag: &str) -> Limits {
        let primary = tag.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
        let (max_cps, max_line_width, basis) = match primary.as_str() {
            "en" => (20.0, 42, "Netflix English Timed Text Style Guide (adult programs)"),
            "ja" => (
                4.0,
                26,
                "Netflix Japanese Timed Text Style Guide (13 full-width characters a line)",
            ),
            "ko" => (
                12.0,
                32,
                "Netflix Korean Timed Text Style Guide (16 full-width characters a line)",
            ),
            "zh" => (
                9.0,
                32,
                "Netflix Chinese Timed Text Style Guides (16 full-width characters a line)",
            ),
            _ => (17.0, 42, "Netflix Timed Text Style Guides for European languages"),
        };
        Limits {
            max_cps,
            max_line_width,
            max_lines: 2,
            min_duration_ms: 833,
            max_duration_ms: 7000,
            min_gap_ms: 83,
            count_spaces: true,
            basis,
        }
    }
}

/// Overrides of [`Limits`] read from a config file.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct LimitOverrides {
    max_cps: Option<f64>,
    max_line_width: Option<usize>,
    max_lines: Option<usize>,
    min_duration_ms: Option<u64>,
    max_duration_ms: Option<u64>,
    min_gap_ms: Option<u64>,
    count_spaces: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    rules: BTreeMap<String, String>,
    #[serde(default)]
    limits: LimitOverrides,
}

/// Which rules run, at what severity, and the limit overrides.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CheckConfig {
    /// Severity per rule: `None` switches the rule off. Rules not listed keep
    /// their default severity.
    pub rules: BTreeMap<Rule, Option<Severity>>,
    limits: LimitOverrides,
}

impl CheckConfig {
    /// Reads a config file (see the module docs).
    ///
    /// # Errors
    /// `toml.syntax` with the line for bad TOML, an unknown key, a rule or a severity.
    ///
    /// # Example
    /// ```
    /// use crosscut::check::{CheckConfig, Rule, Severity};
    /// let c = CheckConfig::from_toml("[rules]\nmin-gap = \"off\"\noverlap = \"warning\"\n[limits]\nmax_cps = 15\n", &None)?;
    /// assert_eq!(c.severity(Rule::MinGap), None);
    /// assert_eq!(c.severity(Rule::Overlap), Some(Severity::Warning));
    /// assert_eq!(c.limits("fr").max_cps, 15.0);
    /// assert!(CheckConfig::from_toml("[rules]\nspeling = \"off\"\n", &None).is_err());
    /// # Ok::<(), crosscut::Error>(())
    /// ```
    pub fn from_toml(text: &str, source: &crate::sources::SourceName) -> Result<CheckConfig> {
        let file: ConfigFile = toml::from_str(text).map_err(|e| {
            let at = e.span().map_or_else(Location::default, |s| {
                Location::from_offset(source.clone(), text, s.start)
            });
            Error::syntax(Format::Toml, e.message().to_string()).at(Location {
                column: at.column,
                ..at
            })
        })?;
        let mut rules = BTreeMap::new();
        let line_of = |key: &str| {
            let at = text.find(key).unwrap_or(0);
            Location::from_offset(source.clone(), text, at)
        };
        for (name, value) in file.rules {
            let rule = Rule::from_id(&name).ok_or_else(|| {
                Error::invalid(
                    Format::Toml,
                    format!("unknown rule {name:?}"),
                    format!("use one of: {}", Rule::ids()),
                )
                .at(line_of(&name))
            })?;
            let severity = match value.as_str() {
                "off" => None,
                other => Some(Severity::from_name(other).ok_or_else(|| {
                    Error::invalid(
                        Format::Toml,
                        format!("unknown severity {other:?} for {name}"),
                        "use error, warning, info or off",
                    )
                    .at(line_of(&name))
                })?),
            };
            rules.insert(rule, severity);
        }
        Ok(CheckConfig {
            rules,
            limits: file.limits,
        })
    }

    /// The severity a rule runs at (`None`: off).
    pub fn severity(&self, rule: Rule) -> Option<Severity> {
        self.rules.get(&rule).copied().unwrap_or(Some(rule.default_severity()))
    }

    /// The limits for a target language: its defaults, then this config's overrides.
    pub fn limits(&self, lang: &str) -> Limits {
        let mut l = Limits::for_language(lang);
        let o = &self.limits;
        l.max_cps = o.max_cps.unwrap_or(l.max_cps);
        l.max_line_width = o.max_line_width.unwrap_or(l.max_line_width);
        l.max_lines = o.max_lines.unwrap_or(l.max_lines);
        l.min_duration_ms = o.min_duration_ms.unwrap_or(l.min_duration_ms);
        l.max_duration_ms = o.max_duration_ms.unwrap_or(l.max_duration_ms);
        l.min_gap_ms = o.min_gap_ms.unwrap_or(l.min_gap_ms);
        l.count_spaces = o.count_spaces.unwrap_or(l.count_spaces);
        l
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_values_name_their_line() {
        let e = CheckConfig::from_toml("[rules]\n\nreading-speed = \"loud\"\n", &Some("qa.toml".into())).unwrap_err();
        assert_eq!(e.location().map(|l| l.line), Some(3), "{e}");
        let e = CheckConfig::from_toml("[limits]\nmax_cpz = 3\n", &None).unwrap_err();
        assert_eq!(e.code(), "toml.syntax");
        assert_eq!(e.location().map(|l| l.line), Some(2), "{e}");
    }
}
