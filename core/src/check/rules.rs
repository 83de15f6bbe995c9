//! The rules of `check`, run over paired cues.

use std::collections::HashMap;

use super::{cue_number, pair_cues, CheckOptions, CheckReport, CueGroup, CueSpan, Finding, Rule, Side, TermHit};
use crate::annotate::{AnnotateOptions, Annotation};
use crate::error::Result;
use crate::glossary::Glossary;
use crate::lang::Lang;
use crate::model::{Concept, Status};
use crate::subtitle::timing::format_vtt;
use crate::subtitle::{PlainText, Subtitles};
use crate::tm::{Memory, SearchOptions};

/// Everything the rules read and write.
struct Ctx<'a> {
    source: &'a Subtitles,
    target: &'a Subtitles,
    splain: Vec<PlainText>,
    tplain: Vec<PlainText>,
    options: &'a CheckOptions,
    tgt: Lang,
    findings: Vec<Finding>,
}

/// Where a finding points: a cue, optionally a plain-text range in it.
#[derive(Clone, Copy, Default)]
struct At {
    target: Option<usize>,
    source: Option<usize>,
    target_range: Option<(usize, usize)>,
    source_range: Option<(usize, usize)>,
}

impl Ctx<'_> {
    fn span(plain: Option<&PlainText>, raw: Option<&str>, range: Option<(usize, usize)>) -> Option<CueSpan> {
        let (plain, raw, (s, e)) = (plain?, raw?, range?);
        let (start, end) = plain.raw_range(s, e);
        Some(CueSpan {
            start,
            end,
            text: raw.get(start..end).unwrap_or_default().to_string(),
        })
    }

    fn push(&mut self, rule: Rule, at: At, message: String, suggestion: Option<String>, concept: Option<&Concept>) {
        let Some(severity) = self.options.config.severity(rule) else {
            return;
        };
        let tcue = at.target.and_then(|i| self.target.cues.get(i));
        let scue = at.source.and_then(|i| self.source.cues.get(i));
        let (start, end) = tcue.or(scue).map_or((0, 0), |c| (c.start, c.end));
        self.findings.push(Finding {
            rule,
            severity,
            cue: at.target.map_or(0, |i| cue_number(self.target, i)),
            source_cue: at.source.map(|i| cue_number(self.source, i)),
            start,
            end,
            time: format!("{} --> {}", format_vtt(start), format_vtt(end)),
            source_span: Self::span(
                at.source.and_then(|i| self.splain.get(i)),
                scue.map(|c| c.text.as_str()),
                at.source_range,
            ),
            target_span: Self::span(
                at.target.and_then(|i| self.tplain.get(i)),
                tcue.map(|c| c.text.as_str()),
                at.target_range,
            ),
            message,
            suggestion,
            concept: concept.map(|c| c.id.clone()),
            target_index: at.target,
            source_index: at.source,
        });
    }
}

fn quote(s: &str) -> String {
    format!("“{s}”")
}

/// Lower case, whitespace collapsed: the key for "the same line".
fn line_key(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

pub(super) fn run(
    glossary: &Glossary,
    memory: Option<&Memory>,
    source: &Subtitles,
    target: &Subtitles,
    options: &CheckOptions,
) -> Result<CheckReport> {
    let src = Lang::parse(&options.src)?;
    let tgt = Lang::parse(&options.tgt)?;
    let (groups, pairing) = pair_cues(&source.cues, &target.cues);
    let mut ctx = Ctx {
        source,
        target,
        splain: source.cues.iter().map(|c| c.plain(source.format)).collect(),
        tplain: target.cues.iter().map(|c| c.plain(target.format)).collect(),
        options,
        tgt,
        findings: Vec::new(),
    };
    let sopts = AnnotateOptions::new(src.as_str()).to([ctx.tgt.as_str()]);
    let topts = AnnotateOptions::new(ctx.tgt.as_str());
    let sann: Vec<Vec<Annotation>> = ctx
        .splain
        .iter()
        .map(|p| glossary.annotate(&p.text, &sopts))
        .collect::<Result<_>>()?;
    let tann: Vec<Vec<Annotation>> = ctx
        .tplain
        .iter()
        .map(|p| glossary.annotate(&p.text, &topts))
        .collect::<Result<_>>()?;
    let mut terms = Vec::new();
    for (side, anns, plains) in [(Side::Source, &sann, &ctx.splain), (Side::Target, &tann, &ctx.tplain)] {
        for (i, list) in anns.iter().enumerate() {
            for a in list {
                let (start, end) = plains.get(i).map_or((0, 0), |p| p.raw_range(a.span.start, a.span.end));
                terms.push(TermHit {
                    side,
                    cue_index: i,
                    start,
                    end,
                    concept: a.concept.id.clone(),
                    status: a.status,
                });
            }
        }
    }

    let mut term_choice: HashMap<String, (String, usize)> = HashMap::new();
    let mut line_choice: HashMap<String, (String, usize)> = HashMap::new();
    for g in &groups {
        terminology(&mut ctx, g, &sann, &tann, &mut term_choice);
        text_rules(&mut ctx, g, memory, &mut line_choice)?;
    }
    subtitle_rules(&mut ctx);

    let mut findings = std::mem::take(&mut ctx.findings);
    findings.sort_by(|a, b| {
        (a.start, a.target_index, a.rule, a.source_index).cmp(&(b.start, b.target_index, b.rule, b.source_index))
    });
    Ok(CheckReport {
        src: src.as_str().to_string(),
        tgt: ctx.tgt.as_str().to_string(),
        pairing,
        limits: options.config.limits(ctx.tgt.as_str()),
        findings,
        groups,
        terms,
    })
}

/// Whether a term's language is the target language (with locale fallback either way).
fn in_lang(tgt: &Lang, term_lang: &str) -> bool {
    Lang::parse(term_lang).is_ok_and(|l| tgt.match_rank(&l).is_some() || l.match_rank(tgt).is_some())
}

fn approved(status: Status) -> bool {
    matches!(status, Status::Preferred | Status::Admitted)
}

fn terminology(
    ctx: &mut Ctx<'_>,
    g: &CueGroup,
    sann: &[Vec<Annotation>],
    tann: &[Vec<Annotation>],
    term_choice: &mut HashMap<String, (String, usize)>,
) {
    // Target side: forbidden and deprecated terms, wherever they stand.
    let targets: Vec<(usize, &Annotation)> = g
        .target
        .iter()
        .flat_map(|&t| tann.get(t).into_iter().flatten().map(move |a| (t, a)))
        .collect();
    let first_source = g.source.first().copied();
    for &(t, a) in &targets {
        let preferred: Vec<String> = a.preferred.iter().map(|p| p.text.clone()).collect();
        let suggestion = (!preferred.is_empty()).then(|| preferred.join(" / "));
        let at = At {
            target: Some(t),
            source: first_source,
            target_range: Some((a.span.start, a.span.end)),
            ..At::default()
        };
        match a.status {
            Status::Forbidden => ctx.push(
                Rule::ForbiddenTerm,
                at,
                format!("forbidden term {} ({})", quote(&a.text), a.concept.id),
                suggestion,
                Some(&a.concept),
            ),
            Status::Deprecated => ctx.push(
                Rule::DeprecatedTerm,
                at,
                format!(
                    "deprecated term {} ({}); the preferred term is {}",
                    quote(&a.text),
                    a.concept.id,
                    preferred.iter().map(|p| quote(p)).collect::<Vec<_>>().join(" or ")
                ),
                suggestion,
                Some(&a.concept),
            ),
            _ => {}
        }
    }
    let Some(&first_target) = g.target.first() else { return };
    let mut seen: Vec<&str> = Vec::new();
    let sources: Vec<(usize, &Annotation)> = g
        .source
        .iter()
        .flat_map(|&s| sann.get(s).into_iter().flatten().map(move |a| (s, a)))
        .collect();
    let target_text: String = g
        .target
        .iter()
        .filter_map(|&t| ctx.tplain.get(t))
        .map(|p| p.text.to_lowercase())
        .collect::<Vec<_>>()
        .join("\n");
    let source_text: String = g
        .source
        .iter()
        .filter_map(|&i| ctx.splain.get(i))
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    // An empty target, or one that repeats the source, is reported once as untranslated.
    let untranslated = target_text.trim().is_empty() || line_key(&target_text) == line_key(&source_text);
    // Annotations sharing a span are one ambiguous term ("Grandma": paternal or
    // maternal): any of their concepts' translations satisfies it.
    let mut k = if untranslated { sources.len() } else { 0 };
    while let Some(&(s, a)) = sources.get(k) {
        let same_span: Vec<&Annotation> = sources
            .iter()
            .skip(k)
            .take_while(|(s2, b)| *s2 == s && b.span == a.span)
            .map(|(_, b)| *b)
            .filter(|b| !seen.contains(&b.concept.id.as_str()))
            .collect();
        k += sources
            .iter()
            .skip(k)
            .take_while(|(s2, b)| *s2 == s && b.span == a.span)
            .count();
        if same_span.is_empty() {
            continue;
        }
        seen.extend(same_span.iter().map(|b| b.concept.id.as_str()));
        let source_at = At {
            target: Some(first_target),
            source: Some(s),
            source_range: Some((a.span.start, a.span.end)),
            ..At::default()
        };
        if let Some(dnt) = same_span.iter().find(|b| b.term.do_not_translate) {
            if !target_text.contains(&dnt.text.to_lowercase()) && !target_text.contains(&dnt.term.text.to_lowercase()) {
                ctx.push(
                    Rule::DoNotTranslate,
                    source_at,
                    format!(
                        "do-not-translate term {} is missing or altered in the target",
                        quote(&dnt.text)
                    ),
                    Some(dnt.term.text.clone()),
                    Some(&dnt.concept),
                );
            }
            continue;
        }
        // Concepts with an approved target term, and the approved target terms found for them.
        let mut wanted: Vec<&str> = Vec::new();
        let mut used: Option<(usize, &Annotation, &Annotation)> = None;
        let mut other_form = false;
        for b in same_span.iter().filter(|b| approved(b.status)) {
            let terms: Vec<&str> = b
                .concept
                .terms
                .iter()
                .filter(|t| approved(t.status) && in_lang(&ctx.tgt, &t.lang))
                .map(|t| t.text.as_str())
                .collect();
            if terms.is_empty() {
                continue;
            }
            wanted.extend(terms.iter().filter(|t| !wanted.contains(t)).collect::<Vec<_>>());
            for &(t, ta) in targets.iter().filter(|(_, ta)| ta.concept.id == b.concept.id) {
                if approved(ta.status) {
                    used = used.or(Some((t, ta, b)));
                } else {
                    other_form = true; // a deprecated or forbidden form: reported above
                }
            }
        }
        if wanted.is_empty() {
            continue;
        }
        match used {
            None if !other_form => ctx.push(
                Rule::TermMissing,
                source_at,
                format!(
                    "{} ({}) has an approved translation, not found in the target: {}",
                    quote(&a.text),
                    same_span
                        .iter()
                        .map(|b| b.concept.id.as_str())
                        .collect::<Vec<_>>()
                        .join(" or "),
                    wanted.iter().map(|w| quote(w)).collect::<Vec<_>>().join(" or ")
                ),
                Some(wanted.join(" / ")),
                Some(&a.concept),
            ),
            None => {}
            Some((t, ta, b)) => {
                let here = cue_number(ctx.target, t);
                match term_choice.get(&b.concept.id) {
                    Some((first, cue)) if *first != ta.term.text => {
                        let message = format!(
                            "{} is translated {} here but {} in cue {cue}",
                            quote(&a.text),
                            quote(&ta.term.text),
                            quote(first)
                        );
                        let at = At {
                            target: Some(t),
                            source: Some(s),
                            target_range: Some((ta.span.start, ta.span.end)),
                            source_range: Some((a.span.start, a.span.end)),
                        };
                        ctx.push(
                            Rule::InconsistentTranslation,
                            at,
                            message,
                            Some(first.clone()),
                            Some(&b.concept),
                        );
                    }
                    Some(_) => {}
                    None => {
                        term_choice.insert(b.concept.id.clone(), (ta.term.text.clone(), here));
                    }
                }
            }
        }
    }
    // Sensitive concepts, once per group: in the target if found there, else in the source.
    let mut flagged: Vec<&str> = Vec::new();
    let candidates = targets
        .iter()
        .map(|&(t, a)| (Side::Target, t, a))
        .chain(sources.iter().map(|&(s, a)| (Side::Source, s, a)));
    for (side, i, a) in candidates {
        let Some(sens) = &a.concept.sensitivity else { continue };
        if flagged.contains(&a.concept.id.as_str()) {
            continue;
        }
        if !(sens.locales.is_empty() || sens.locales.iter().any(|l| in_lang(&ctx.tgt, l))) {
            continue;
        }
        flagged.push(&a.concept.id);
        let range = Some((a.span.start, a.span.end));
        let at = match side {
            Side::Target => At {
                target: Some(i),
                source: first_source,
                target_range: range,
                ..At::default()
            },
            Side::Source => At {
                target: Some(first_target),
                source: Some(i),
                source_range: range,
                ..At::default()
            },
        };
        let reason = sens.reason.clone().unwrap_or_else(|| "see the concept's notes".into());
        let message = format!(
            "{} ({}) is sensitive in {} ({}): {reason}",
            quote(&a.text),
            a.concept.id,
            ctx.tgt.as_str(),
            sens.level.as_str()
        );
        let suggestion = a
            .concept
            .cultural_note
            .clone()
            .or_else(|| Some("follow the client's territory guide".into()));
        ctx.push(Rule::SensitiveTerm, at, message, suggestion, Some(&a.concept));
    }
}

/// Numbers in a text, as their digits (separators and full-width forms folded).
fn numbers(text: &str) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let mut current: Option<(String, usize, usize)> = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let digit = match c {
            '0'..='9' => Some(c),
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
            _ => None,
        };
        let next_is_digit = chars
            .get(k + 1)
            .is_some_and(|&(_, n)| n.is_ascii_digit() || ('０'..='９').contains(&n));
        match (digit, &mut current) {
            (Some(d), Some(cur)) => {
                cur.0.push(d);
                cur.2 = i + c.len_utf8();
            }
            (Some(d), None) => current = Some((d.to_string(), i, i + c.len_utf8())),
            // A separator inside a number: 1,000 / 1 000 / 3.5 / 3,5.
            (None, Some(_)) if matches!(c, ',' | '.' | ' ' | '\u{a0}' | '\u{202f}' | '\'') && next_is_digit => {}
            (None, Some(_)) => out.extend(current.take()),
            (None, None) => {}
        }
    }
    out.extend(current);
    out
}

fn text_rules(
    ctx: &mut Ctx<'_>,
    g: &CueGroup,
    memory: Option<&Memory>,
    line_choice: &mut HashMap<String, (String, usize)>,
) -> Result<()> {
    let join = |plains: &[PlainText], idx: &[usize]| {
        idx.iter()
            .filter_map(|&i| plains.get(i))
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let stext = join(&ctx.splain, &g.source);
    let ttext = join(&ctx.tplain, &g.target);
    let (Some(&s0), Some(&t0)) = (g.source.first(), g.target.first()) else {
        if let (Some(&s0), None) = (g.source.first(), g.target.first()) {
            if !stext.trim().is_empty() {
                let at = At {
                    source: Some(s0),
                    ..At::default()
                };
                ctx.push(
                    Rule::Untranslated,
                    at,
                    format!(
                        "source cue {} has no target cue at its time",
                        cue_number(ctx.source, s0)
                    ),
                    Some("add a cue with its translation".into()),
                    None,
                );
            }
        }
        return Ok(());
    };
    let at = At {
        target: Some(t0),
        source: Some(s0),
        ..At::default()
    };
    let has_letters = |s: &str| {
        s.split_whitespace()
            .filter(|w| w.chars().any(char::is_alphabetic))
            .count()
            >= 2
    };
    if ttext.trim().is_empty() && !stext.trim().is_empty() {
        ctx.push(
            Rule::Untranslated,
            at,
            "the target cue is empty".into(),
            Some(stext.clone()),
            None,
        );
        return Ok(());
    }
    if line_key(&ttext) == line_key(&stext) && has_letters(&stext) && ctx.options.src != ctx.options.tgt {
        ctx.push(
            Rule::Untranslated,
            at,
            "the target cue repeats the source text".into(),
            Some("translate it".into()),
            None,
        );
        return Ok(());
    }
    // Numbers, as multisets of digit strings.
    let (sn, tn) = (numbers(&stext), numbers(&ttext));
    let mut missing: Vec<&(String, usize, usize)> = Vec::new();
    let mut extra: Vec<&(String, usize, usize)> = tn.iter().collect();
    for n in &sn {
        match extra.iter().position(|e| e.0 == n.0) {
            Some(k) => {
                extra.remove(k);
            }
            None => missing.push(n),
        }
    }
    if !missing.is_empty() || !extra.is_empty() {
        let list = |v: &[&(String, usize, usize)], text: &str| {
            v.iter()
                .map(|n| quote(text.get(n.1..n.2).unwrap_or_default()))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut parts = Vec::new();
        if !missing.is_empty() {
            parts.push(format!("the source has {} not in the target", list(&missing, &stext)));
        }
        if !extra.is_empty() {
            parts.push(format!("the target has {} not in the source", list(&extra, &ttext)));
        }
        // Ranges only when the number lies in the first cue of its side (joined texts).
        let first_len = |plains: &[PlainText], i: usize| plains.get(i).map_or(0, |p| p.text.len());
        let at = At {
            target_range: extra
                .first()
                .filter(|n| n.2 <= first_len(&ctx.tplain, t0))
                .map(|n| (n.1, n.2)),
            source_range: missing
                .first()
                .filter(|n| n.2 <= first_len(&ctx.splain, s0))
                .map(|n| (n.1, n.2)),
            ..at
        };
        let suggestion = (!missing.is_empty()).then(|| format!("check {}", list(&missing, &stext)));
        ctx.push(
            Rule::NumberMismatch,
            at,
            format!("numbers differ: {}", parts.join("; ")),
            suggestion,
            None,
        );
    }
    // The same source line translated differently.
    let key = line_key(&stext);
    if has_letters(&stext) || key.chars().count() > 3 {
        match line_choice.get(&key) {
            Some((first, cue)) if line_key(first) != line_key(&ttext) => {
                let message = format!(
                    "this line was translated {} in cue {cue}; here {}",
                    quote(first),
                    quote(&ttext)
                );
                ctx.push(Rule::InconsistentTranslation, at, message, Some(first.clone()), None);
            }
            Some(_) => {}
            None => {
                line_choice.insert(key, (ttext.clone(), cue_number(ctx.target, t0)));
            }
        }
    }
    // What the memory says for an identical source line.
    if let Some(memory) = memory {
        if ctx.options.config.severity(Rule::TmMismatch).is_some() && !stext.trim().is_empty() {
            let hits = memory.search(
                &stext,
                &SearchOptions::new(&ctx.options.src, &ctx.options.tgt)
                    .top(1)
                    .min_score(100),
            )?;
            if let Some(hit) = hits.first() {
                let suggested = hit.target.segment.plain();
                if line_key(&suggested) != line_key(&ttext) {
                    ctx.push(
                        Rule::TmMismatch,
                        at,
                        format!("the memory translates this line as {}", quote(&suggested)),
                        Some(suggested),
                        None,
                    );
                }
            }
        }
    }
    Ok(())
}

/// Display width of a character in columns: CJK and other East Asian wide or
/// full-width characters count two, the rest one.
///
/// # Example
/// ```
/// assert_eq!(crosscut::check::char_width('哥'), 2);
/// assert_eq!(crosscut::check::char_width('a'), 1);
/// ```
pub fn width(c: char) -> usize {
    let wide = matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD);
    if wide {
        2
    } else {
        1
    }
}

fn subtitle_rules(ctx: &mut Ctx<'_>) {
    let limits = ctx.options.config.limits(ctx.tgt.as_str());
    let lang = ctx.tgt.as_str().to_string();
    let mut previous: Option<(u64, usize)> = None;
    for i in 0..ctx.target.cues.len() {
        let Some(cue) = ctx.target.cues.get(i) else { continue };
        let (start, end, dur) = (cue.start, cue.end, cue.duration());
        let text = ctx.tplain.get(i).map(|p| p.text.clone()).unwrap_or_default();
        let at = At {
            target: Some(i),
            ..At::default()
        };
        let chars = text
            .chars()
            .filter(|&c| c != '\n' && (limits.count_spaces || !c.is_whitespace()))
            .count();
        if dur > 0 && chars > 0 {
            let cps = chars as f64 * 1000.0 / dur as f64;
            if cps > limits.max_cps {
                let needed = chars as f64 / limits.max_cps;
                ctx.push(
                    Rule::ReadingSpeed,
                    at,
                    format!("{cps:.1} characters per second; at most {} for {lang}", limits.max_cps),
                    Some(format!("shorten the text or show it for at least {needed:.1} s")),
                    None,
                );
            }
        }
        let mut offset = 0;
        let lines: Vec<&str> = text.split('\n').collect();
        for line in &lines {
            let w: usize = line.chars().map(width).sum();
            if w > limits.max_line_width {
                let at = At {
                    target_range: Some((offset, offset + line.len())),
                    ..at
                };
                ctx.push(
                    Rule::LineLength,
                    at,
                    format!("a line of {w} columns; at most {} for {lang}", limits.max_line_width),
                    Some("break the line or shorten it".into()),
                    None,
                );
            }
            offset += line.len() + 1;
        }
        if lines.len() > limits.max_lines && !text.trim().is_empty() {
            ctx.push(
                Rule::LinesPerCue,
                at,
                format!("{} lines; at most {}", lines.len(), limits.max_lines),
                Some("split the cue or merge lines".into()),
                None,
            );
        }
        if dur < limits.min_duration_ms {
            ctx.push(
                Rule::MinDuration,
                at,
                format!("shown for {} ms; at least {} ms", dur, limits.min_duration_ms),
                Some("extend the cue or merge it with its neighbour".into()),
                None,
            );
        } else if dur > limits.max_duration_ms {
            ctx.push(
                Rule::MaxDuration,
                at,
                format!("shown for {} ms; at most {} ms", dur, limits.max_duration_ms),
                Some("split the cue".into()),
                None,
            );
        }
        if let Some((prev_end, prev)) = previous {
            let prev_no = cue_number(ctx.target, prev);
            if start < prev_end {
                ctx.push(
                    Rule::Overlap,
                    at,
                    format!("starts {} ms before cue {prev_no} ends", prev_end - start),
                    Some(format!("start at {} or later", format_vtt(prev_end))),
                    None,
                );
            } else if start - prev_end < limits.min_gap_ms {
                ctx.push(
                    Rule::MinGap,
                    at,
                    format!(
                        "{} ms after cue {prev_no}; at least {} ms",
                        start - prev_end,
                        limits.min_gap_ms
                    ),
                    Some(format!(
                        "start at {} or later",
                        format_vtt(prev_end + limits.min_gap_ms)
                    )),
                    None,
                );
            }
        }
        previous = Some((end, i));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_fold_separators() {
        let n: Vec<String> = numbers("1,000 dollars at 3.5% on the 2nd, ２０ times")
            .into_iter()
            .map(|n| n.0)
            .collect();
        assert_eq!(n, ["1000", "35", "2", "20"]);
        let n: Vec<String> = numbers("1 000 dollars à 3,5 %").into_iter().map(|n| n.0).collect();
        assert_eq!(n, ["1000", "35"]);
    }

    #[test]
    fn widths() {
        assert_eq!("哥哥".chars().map(width).sum::<usize>(), 4);
        assert_eq!("형이".chars().map(width).sum::<usize>(), 4);
        assert_eq!("abc".chars().map(width).sum::<usize>(), 3);
    }
}
